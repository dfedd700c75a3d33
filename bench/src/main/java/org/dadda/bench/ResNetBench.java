package org.dadda.bench;

import java.util.concurrent.TimeUnit;
import org.dadda.nn.models.ResNet;
import org.dadda.nn.optim.SGD;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.Workspace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ResNet workloads of {@code shared/anchors/bench_resnet.py} (BasicBlock, batch norm, 7x7/2 stem
 * and max pool, 10 classes, 3x128x128 images): a ResNet-34 training step at batch 32 (forward,
 * cross-entropy, backward, SGD with momentum) and ResNet-18 inference at batch 1 (evaluation
 * mode, no graph).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ResNetBench {
    /** ResNet-34 in training mode with its optimizer and a fixed batch of 32. */
    @State(Scope.Benchmark)
    public static class Train {
        /** Whether each step runs in a {@link Workspace} (buffer reuse); {@code false} leaves all to the GC. */
        @Param({"true"})
        public boolean pool;

        final Workspace workspace = new Workspace();
        ResNet net;
        SGD opt;
        Tensor x;
        int[] y;

        /** Builds the network and the batch; prints the parameter count. */
        @Setup(Level.Trial)
        public void setup() {
            Rng rng = new Rng(0);
            net = ResNet.resnet34(3, 10, ResNet.Stem.IMAGENET, rng);
            opt = new SGD(net, 0.01, 0.9);
            x = Tensor.randn(rng, 32, 3, 128, 128);
            y = new int[32];
            for (int i = 0; i < y.length; i++) {
                y[i] = rng.nextInt(10);
            }
            System.out.printf("%nResNet-34: %,d parameters%n", net.parameterCount());
        }
    }

    /** ResNet-18 in evaluation mode with one image. */
    @State(Scope.Benchmark)
    public static class Infer {
        ResNet net;
        Tensor x;

        /** Builds the network and the image; prints the parameter count. */
        @Setup(Level.Trial)
        public void setup() {
            Rng rng = new Rng(0);
            net = ResNet.resnet18(3, 10, ResNet.Stem.IMAGENET, rng);
            net.eval();
            x = Tensor.randn(rng, 1, 3, 128, 128);
            System.out.printf("%nResNet-18: %,d parameters%n", net.parameterCount());
        }
    }

    /** One ResNet-34 training step at batch 32; returns the loss. */
    @Benchmark
    public float trainResNet34(Train s) {
        try (Workspace.Step ignored = s.pool ? s.workspace.step() : null) {
            Tensor loss = Functional.crossEntropy(s.net.forward(s.x), s.y);
            s.opt.zeroGrad();
            loss.backward();
            s.opt.step();
            return loss.item();
        }
    }

    /** ResNet-18 logits of one image, without recording a graph. */
    @Benchmark
    public Tensor inferResNet18(Infer s) {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            return s.net.forward(s.x);
        }
    }
}
