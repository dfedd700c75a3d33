package org.dadda.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Forward and backward against PyTorch 1.13 on the float32 CPU backend. Fixtures come from
 * {@code tensor/src/test/python/make_golden_fixtures.py}.
 */
class GoldenTest {

    static void assertClose(String what, float[] expected, Tensor actual, double tol) {
        float[] a = actual.toArray();
        assertEquals(expected.length, a.length, what + ": length");
        for (int i = 0; i < a.length; i++) {
            double err = Math.abs(expected[i] - a[i]);
            if (err > tol * (1 + Math.abs(expected[i]))) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + ", got " + a[i]);
            }
        }
    }

    private static Fixture load(String name) throws IOException {
        return new Fixture("/fixtures/golden/" + name + ".txt");
    }

    @Test
    void conv2dStridePaddingGroups() throws IOException {
        Fixture f = load("conv2d");
        Tensor x = f.tensor("x").requiresGrad(true);
        Tensor w = f.tensor("w").requiresGrad(true);
        Tensor b = f.tensor("b").requiresGrad(true);
        Tensor y = Functional.conv2d(x, w, b, 2, 1, 1, 2);
        assertClose("conv2d y", f.values("y"), y, 1e-5);
        y.backward(f.tensor("gy"));
        assertClose("conv2d gx", f.values("gx"), x.grad(), 1e-5);
        assertClose("conv2d gw", f.values("gw"), w.grad(), 1e-5);
        assertClose("conv2d gb", f.values("gb"), b.grad(), 1e-5);
    }

    @Test
    void groupNorm() throws IOException {
        Fixture f = load("group_norm");
        Tensor x = f.tensor("x").requiresGrad(true);
        Tensor g = f.tensor("gamma").requiresGrad(true);
        Tensor b = f.tensor("beta").requiresGrad(true);
        Tensor y = Functional.groupNorm(x, 4, g, b, 1e-5);
        assertClose("groupNorm y", f.values("y"), y, 1e-5);
        y.backward(f.tensor("gy"));
        assertClose("groupNorm gx", f.values("gx"), x.grad(), 1e-4);
        assertClose("groupNorm ggamma", f.values("ggamma"), g.grad(), 1e-5);
        assertClose("groupNorm gbeta", f.values("gbeta"), b.grad(), 1e-5);
    }

    @Test
    void batchNormTrainingStepThenEval() throws IOException {
        Fixture f = load("batch_norm");
        Tensor x = f.tensor("x").requiresGrad(true);
        Tensor g = f.tensor("gamma").requiresGrad(true);
        Tensor b = f.tensor("beta").requiresGrad(true);
        Tensor rm = f.tensor("running_mean0");
        Tensor rv = f.tensor("running_var0");
        Tensor y = Functional.batchNorm(x, rm, rv, g, b, true, 0.1, 1e-5);
        assertClose("batchNorm y", f.values("y"), y, 1e-5);
        y.backward(f.tensor("gy"));
        assertClose("batchNorm gx", f.values("gx"), x.grad(), 1e-4);
        assertClose("batchNorm ggamma", f.values("ggamma"), g.grad(), 1e-5);
        assertClose("batchNorm gbeta", f.values("gbeta"), b.grad(), 1e-5);
        assertClose("batchNorm running mean", f.values("running_mean1"), rm, 1e-6);
        assertClose("batchNorm running var", f.values("running_var1"), rv, 1e-6);
        Tensor ye = Functional.batchNorm(f.tensor("x_eval"), rm, rv, g, b, false, 0.1, 1e-5);
        assertClose("batchNorm eval", f.values("y_eval"), ye, 1e-5);
    }

    @Test
    void attentionWithMask() throws IOException {
        Fixture f = load("attention");
        Tensor q = f.tensor("q").requiresGrad(true);
        Tensor k = f.tensor("k").requiresGrad(true);
        Tensor v = f.tensor("v").requiresGrad(true);
        Tensor o = Functional.attention(q, k, v, f.tensor("mask"), 1 / Math.sqrt(8));
        assertClose("attention out", f.values("out"), o, 1e-5);
        o.backward(f.tensor("gout"));
        assertClose("attention gq", f.values("gq"), q.grad(), 1e-4);
        assertClose("attention gk", f.values("gk"), k.grad(), 1e-4);
        assertClose("attention gv", f.values("gv"), v.grad(), 1e-4);
    }

    @Test
    void softmaxCrossEntropy() throws IOException {
        Fixture f = load("cross_entropy");
        Tensor logits = f.tensor("logits").requiresGrad(true);
        Tensor loss = Functional.crossEntropy(logits, f.ints("target"));
        assertClose("crossEntropy loss", f.values("loss"), loss.reshape(1), 1e-6);
        loss.backward();
        assertClose("crossEntropy grad", f.values("glogits"), logits.grad(), 1e-5);
    }

    @Test
    void binaryCrossEntropyWithLogits() throws IOException {
        Fixture f = load("bce_with_logits");
        Tensor logits = f.tensor("logits").requiresGrad(true);
        Tensor loss = Functional.bceWithLogits(logits, f.tensor("target"), 1);
        assertClose("bce loss", f.values("loss"), loss.reshape(1), 1e-6);
        loss.backward();
        assertClose("bce grad", f.values("glogits"), logits.grad(), 1e-5);
        assertArrayEquals(new int[] {3, 4}, logits.grad().shape());
    }
}
