package org.dadda.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.Resize;
import org.dadda.federated.config.Profile;
import org.dadda.federated.downstream.ClassifierRun;
import org.dadda.federated.downstream.DetectorRun;
import org.dadda.federated.downstream.ImageBatches;
import org.dadda.federated.inspect.Inspection;
import org.dadda.federated.inspect.Inspector;
import org.dadda.federated.inspect.ModelBundle;
import org.dadda.federated.inspect.Preprocessing;
import org.dadda.nn.models.ResNet;
import org.dadda.nn.models.SegmentationUNet;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-image inference of the downstream models as the paper's Table VII measures it (9.04 ms for
 * F_cls, 11.49 ms for F_det/loc, on its GPU): the paper profile's ResNet-34 classifier (5 defect
 * classes, 21.3M parameters) and segmentation U-Net, at 128x128 and batch 1, in evaluation mode
 * without a graph. {@code *Forward} times the network alone; {@code *EndToEnd} adds what the
 * paper's latency includes: reading a PNG, resizing and normalising it. Memory per image: run
 * with {@code -prof gc} and read {@code gc.alloc.rate.norm} (bytes allocated per operation).
 *
 * <p>The {@code inspector*} benchmarks time the embedding API ({@link Inspector}, both models
 * behind one call) against {@code bothForward*}, the two bare forward passes on an in-memory
 * tensor: at batch 1 from a PNG file, at batch 16 from 16 PNG files, and with two calling threads
 * sharing one inspector ({@code inspectorTwoCallers}: JMH reports the time per call of each
 * thread, so throughput is 2 / that time). The PyTorch side is {@code bench/anchors/bench_inference.py}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Djava.awt.headless=true"})
public class InferenceBench {
    /** Number of defect classes of the benchmarked classifier (MVTec categories have 1 to 8). */
    static final int CLASSES = 5;

    /** Both models, one 128x128 image in memory and the same image as a PNG file. */
    @State(Scope.Benchmark)
    public static class Models {
        ResNet classifier;
        SegmentationUNet detector;
        Tensor image;
        Tensor batch16;
        Path png;
        List<Path> pngs16;
        Inspector inspector;

        /** Builds the paper-profile models and the input; prints their parameter counts. */
        @Setup(Level.Trial)
        public void setup() throws Exception {
            Profile p = Profile.paper();
            classifier = ClassifierRun.model(p, CLASSES, 0, false);
            classifier.eval();
            detector = DetectorRun.model(p, 0);
            detector.eval();
            Rng rng = new Rng(1);
            float[] px = new float[3 * 128 * 128];
            for (int i = 0; i < px.length; i++) {
                px[i] = rng.nextFloat();
            }
            Image im = new Image(3, 128, 128, px);
            image = ImageBatches.images(List.of(im), new int[] {0}, null);
            png = Files.createTempFile("inference-bench", ".png");
            ImageFiles.writePng(im, png);
            List<Image> sixteen = new ArrayList<>();
            pngs16 = new ArrayList<>();
            for (int k = 0; k < 16; k++) {
                float[] q = new float[px.length];
                for (int i = 0; i < q.length; i++) {
                    q[i] = rng.nextFloat();
                }
                Image b = new Image(3, 128, 128, q);
                sixteen.add(b);
                Path f = Files.createTempFile("inference-bench-" + k, ".png");
                ImageFiles.writePng(b, f);
                pngs16.add(f);
            }
            batch16 = ImageBatches.images(sixteen, ImageBatches.range(0, 16), null);
            List<String> classes = new ArrayList<>();
            for (int c = 0; c < CLASSES; c++) {
                classes.add("type" + c);
            }
            inspector = Inspector.of(new ModelBundle("bench", new ModelBundle.Source("none", "node1", "real", "benchmark"),
                    new Preprocessing(128), ClassifierRun.spec(p, CLASSES, false), classes, p.detectorBase(),
                    new ModelBundle.Threshold(0.5, "benchmark"), classifier.stateDict(), detector.stateDict()));
            System.out.printf("%nF_cls ResNet-%d: %,d parameters; F_det/loc U-Net: %,d parameters%n", p.classifierDepth(),
                    classifier.parameterCount(), detector.parameterCount());
        }

        /** Removes the PNG. */
        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            Files.deleteIfExists(png);
            for (Path f : pngs16) {
                Files.deleteIfExists(f);
            }
        }

        Tensor load() {
            Image im = ImageFiles.readRgb(png);
            if (im.width() != 128 || im.height() != 128) {
                im = Resize.image(im, 128, 128);
            }
            return ImageBatches.images(List.of(im), new int[] {0}, null);
        }
    }

    /** F_cls logits of one in-memory image. */
    @Benchmark
    public Tensor classifierForward(Models s) {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            return s.classifier.forward(s.image);
        }
    }

    /** F_det/loc anomaly map of one in-memory image. */
    @Benchmark
    public Tensor detectorForward(Models s) {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            return s.detector.forward(s.image).sigmoid();
        }
    }

    /** F_cls from a PNG file: decode, resize, normalise, forward. */
    @Benchmark
    public Tensor classifierEndToEnd(Models s) {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            return s.classifier.forward(s.load());
        }
    }

    /** F_det/loc from a PNG file: decode, resize, normalise, forward. */
    @Benchmark
    public Tensor detectorEndToEnd(Models s) {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            return s.detector.forward(s.load()).sigmoid();
        }
    }

    /** Both bare forward passes (F_cls logits and the F_det/loc map) of one in-memory image: the Inspector's floor. */
    @Benchmark
    public float bothForward(Models s) {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            return s.classifier.forward(s.image).softmax(1).toArray()[0] + s.detector.forward(s.image).sigmoid().toArray()[0];
        }
    }

    /** Both bare forward passes of 16 in-memory images. */
    @Benchmark
    public float bothForwardBatch16(Models s) {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            return s.classifier.forward(s.batch16).softmax(1).toArray()[0] + s.detector.forward(s.batch16).sigmoid().toArray()[0];
        }
    }

    /** The Inspector on one PNG file: read, resize, normalise, both models, score and type. */
    @Benchmark
    public Inspection inspector(Models s) {
        return s.inspector.inspect(s.png);
    }

    /** The Inspector on 16 PNG files as one batch. */
    @Benchmark
    public List<Inspection> inspectorBatch16(Models s) {
        List<Image> images = new ArrayList<>(16);
        for (Path f : s.pngs16) {
            images.add(ImageFiles.read(f));
        }
        return s.inspector.inspectAll(images);
    }

    /** The Inspector on one PNG file, called by two threads sharing it. */
    @Benchmark
    @Threads(2)
    public Inspection inspectorTwoCallers(Models s) {
        return s.inspector.inspect(s.png);
    }
}
