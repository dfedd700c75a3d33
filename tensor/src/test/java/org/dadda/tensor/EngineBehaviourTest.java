package org.dadda.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Autograd mechanics, error messages, anomaly mode and determinism. */
class EngineBehaviourTest {

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3}, 3).requiresGrad(true);
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {4, 8, 12}, x.grad().toArray());
    }

    @Test
    void sharedSubexpressionGetsBothGradients() {
        Tensor x = Tensor.fromArray(new float[] {2}, 1).requiresGrad(true);
        Tensor y = x.exp();
        y.mul(y).add(y).sum().backward();
        double e2 = Math.exp(2);
        assertEquals(2 * e2 * e2 + e2, x.grad().item(), 1e-3);
    }

    @Test
    void noGradScopeRecordsNothingAndDetachCuts() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor y = x.mul(3);
            assertFalse(y.requiresGrad());
        }
        Tensor z = x.detach().mul(3);
        assertFalse(z.requiresGrad());
        assertTrue(x.mul(3).requiresGrad());
    }

    @Test
    void graphCanBeWalkedOnlyOnce() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor loss = x.mul(x).sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("already used"), e.getMessage());
    }

    @Test
    void shapeMismatchNamesOpAndBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 3]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.matmul(Tensor.zeros(4, 5)));
        assertTrue(e.getMessage().startsWith("matmul") && e.getMessage().contains("[4, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Functional.conv2d(Tensor.zeros(1, 3, 8, 8), Tensor.zeros(4, 2, 3, 3), null, 1, 1, 1, 1));
        assertTrue(e.getMessage().startsWith("conv2d") && e.getMessage().contains("[1, 3, 8, 8]")
                && e.getMessage().contains("[4, 2, 3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(6).reshape(4, -1));
        assertTrue(e.getMessage().startsWith("reshape"), e.getMessage());
    }

    @Test
    void anomalyModeNamesTheFirstBadOp() {
        Autograd.setAnomalyDetection(true);
        try {
            Tensor x = Tensor.fromArray(new float[] {-1, 1}, 2).requiresGrad(true);
            IllegalStateException fwd = assertThrows(IllegalStateException.class, () -> x.log().exp());
            assertTrue(fwd.getMessage().contains("'log'") && fwd.getMessage().contains("NaN"), fwd.getMessage());
            Tensor z = Tensor.fromArray(new float[] {0, 1}, 2).requiresGrad(true);
            Tensor y = z.sqrt().sum();
            IllegalStateException bwd = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(bwd.getMessage().contains("backward of op 'sqrt'") && bwd.getMessage().contains("infinity"),
                    bwd.getMessage());
        } finally {
            Autograd.setAnomalyDetection(false);
        }
    }

    @Test
    void intermediateGraphIsReleasedAfterBackward() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        Tensor h = x.mul(2);
        Tensor loss = h.sum();
        loss.backward();
        // The node of h no longer references its inputs or closure, so its buffers can be collected.
        assertNull(h.node().inputs);
        assertNull(h.node().fn);
    }

    @Test
    void sameSeedSameThreadsGivesBitIdenticalTraining() {
        float[] first = trainTinyModel();
        float[] second = trainTinyModel();
        assertArrayEquals(first, second);
    }

    private static float[] trainTinyModel() {
        Rng rng = new Rng(42);
        Tensor w = Tensor.randn(rng, 8, 4, 3, 3).mul(0.2).detach().requiresGrad(true);
        Tensor lw = Tensor.randn(rng, 3, 8 * 6 * 6).mul(0.05).detach().requiresGrad(true);
        Tensor m1 = Tensor.zeros(w.shape());
        Tensor v1 = Tensor.zeros(w.shape());
        Tensor m2 = Tensor.zeros(lw.shape());
        Tensor v2 = Tensor.zeros(lw.shape());
        for (int step = 1; step <= 5; step++) {
            Tensor x = Tensor.randn(rng, 4, 4, 6, 6);
            Tensor h = Functional.groupNorm(Functional.conv2d(x, w, null, 1, 1, 1, 1), 2, null, null, 1e-5).silu();
            Tensor logits = Functional.linear(h.reshape(4, -1), lw, null);
            Tensor loss = Functional.crossEntropy(logits, new int[] {0, 1, 2, 1});
            w.setGrad(null);
            lw.setGrad(null);
            loss.backward();
            w.adamStepInPlace(w.grad(), m1, v1, step, 1e-2, 0.9, 0.999, 1e-8, 0, false);
            lw.adamStepInPlace(lw.grad(), m2, v2, step, 1e-2, 0.9, 0.999, 1e-8, 0, false);
        }
        return Tensor.cat(List.of(w.reshape(-1), lw.reshape(-1)), 0).toArray();
    }
}
