package org.dadda.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspaceTest {

    /** A small residual conv net with attention: enough ops, views and shared inputs to exercise releases. */
    private static final class Net {
        final Tensor w1;
        final Tensor w2;
        final Tensor gamma;
        final Tensor beta;
        final Tensor wq;

        Net(long seed) {
            Rng rng = new Rng(seed);
            w1 = Tensor.randn(rng, 16, 8, 3, 3).mul(0.2).detach().requiresGrad(true);
            w2 = Tensor.randn(rng, 16, 16, 3, 3).mul(0.1).detach().requiresGrad(true);
            gamma = Tensor.ones(16).requiresGrad(true);
            beta = Tensor.zeros(16).requiresGrad(true);
            wq = Tensor.randn(rng, 16, 16).mul(0.2).detach().requiresGrad(true);
        }

        List<Tensor> params() {
            return List.of(w1, w2, gamma, beta, wq);
        }

        Tensor loss(Tensor x, Tensor target) {
            Tensor h = Functional.conv2d(x, w1, null, 1, 1, 1, 1);
            h = Functional.groupNorm(h, 4, gamma, beta, 1e-5).silu();
            Tensor r = Functional.conv2d(h, w2, null, 1, 1, 1, 1).add(h);
            Tensor pooled = Functional.upsampleNearest(Functional.maxPool2d(r, 2, 2, 0), 2);
            r = Tensor.cat(List.of(r.narrow(1, 0, 8), pooled.narrow(1, 8, 8)), 1);
            int b = r.shape()[0];
            Tensor seq = r.reshape(b, 16, 144).transpose(1, 2);
            Tensor q = Functional.linear(seq, wq, null).reshape(b, 144, 2, 8).transpose(1, 2);
            Tensor kv = seq.reshape(b, 144, 2, 8).transpose(1, 2);
            Tensor a = Functional.attention(q, kv, kv, null, 1 / Math.sqrt(8));
            Tensor y = a.transpose(1, 2).reshape(b, 144, 16).transpose(1, 2).reshape(b, 16, 12, 12).add(r);
            return Functional.mseLoss(y, target);
        }

        /** One SGD step; returns the loss and the gradients (copied out) of every parameter. */
        List<float[]> step(Tensor x, Tensor target, float[] lossOut) {
            for (Tensor p : params()) {
                p.setGrad(null);
            }
            Tensor loss = loss(x, target);
            loss.backward();
            lossOut[0] = loss.item();
            List<float[]> grads = new ArrayList<>();
            try (Autograd.NoGrad ng = Autograd.noGrad()) {
                for (Tensor p : params()) {
                    grads.add(p.grad().toArray());
                    p.addInPlace(p.grad(), -0.05);
                }
            }
            return grads;
        }
    }

    private static Tensor input(long seed) {
        return Tensor.randn(new Rng(seed), 2, 8, 12, 12);
    }

    private static Tensor target(long seed) {
        return Tensor.randn(new Rng(seed + 100), 2, 16, 12, 12);
    }

    @Test
    void trainingInAWorkspaceGivesTheSameNumbersBitForBit() {
        Net plain = new Net(3);
        Net pooled = new Net(3);
        Workspace ws = new Workspace();
        float[] lossA = new float[1];
        float[] lossB = new float[1];
        for (int step = 0; step < 4; step++) {
            List<float[]> a = plain.step(input(step), target(step), lossA);
            List<float[]> b;
            try (Workspace.Step s = ws.step()) {
                b = pooled.step(input(step), target(step), lossB);
            }
            assertEquals(Float.floatToIntBits(lossA[0]), Float.floatToIntBits(lossB[0]), "loss at step " + step);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i), b.get(i), "gradient " + i + " at step " + step);
            }
        }
        assertTrue(ws.releasedCount() > 0, ws.toString());
        assertTrue(ws.reusedCount() > 0, ws.toString());
    }

    @Test
    void steadyStateStepsAllocateAlmostNothingNew() {
        Net net = new Net(5);
        Workspace ws = new Workspace();
        float[] loss = new float[1];
        Tensor x = input(1);
        Tensor t = target(1);
        for (int step = 0; step < 3; step++) {
            try (Workspace.Step s = ws.step()) {
                net.step(x, t, loss);
            }
        }
        long allocatedBefore = ws.allocatedElements();
        long reusedBefore = ws.reusedElements();
        try (Workspace.Step s = ws.step()) {
            net.step(x, t, loss);
        }
        long fresh = ws.allocatedElements() - allocatedBefore;
        long reused = ws.reusedElements() - reusedBefore;
        assertTrue(reused > 0, ws.toString());
        // Only what outlives the step or lies outside the graph comes from the heap: each
        // parameter's kept gradient and the SGD update's scaled temporary.
        long paramElements = net.params().stream().mapToLong(Tensor::numel).sum();
        assertTrue(fresh <= 2 * paramElements && fresh * 10 < reused, "fresh " + fresh + " elements vs reused " + reused + "; " + ws);
    }

    @Test
    void readingAnIntermediateAfterBackwardNamesTheOpThatReleasedIt() {
        Net net = new Net(7);
        Workspace ws = new Workspace();
        try (Workspace.Step s = ws.step()) {
            Tensor x = input(2);
            Tensor h = Functional.conv2d(x, net.w1, null, 1, 1, 1, 1);
            Tensor loss = h.silu().mul(h).mean();
            loss.backward();
            IllegalStateException e = assertThrows(IllegalStateException.class, h::toArray);
            assertTrue(e.getMessage().contains("conv2d"), e.getMessage());
            assertTrue(e.getMessage().contains("detach"), e.getMessage());
            // The loss itself and the input stay readable.
            assertTrue(Float.isFinite(loss.item()));
            assertEquals(2 * 8 * 12 * 12, x.toArray().length);
        }
    }

    @Test
    void detachedRetainedAndKeptTensorsSurviveBackward() {
        Net net = new Net(9);
        Workspace ws = new Workspace();
        float[] kept;
        Tensor h;
        Tensor alias;
        Tensor retained;
        try (Workspace.Step s = ws.step()) {
            Tensor x = input(3);
            h = Functional.conv2d(x, net.w1, null, 1, 1, 1, 1);
            alias = h.detach();
            kept = alias.toArray();
            retained = Functional.conv2d(h.silu(), net.w2, null, 1, 1, 1, 1).retainGrad();
            retained.mul(retained).mean().backward();
        }
        assertArrayEquals(kept, alias.toArray());
        assertArrayEquals(kept, h.toArray());
        assertEquals(retained.numel(), retained.toArray().length);
        assertEquals(retained.numel(), retained.grad().toArray().length);
        assertEquals(net.w1.numel(), net.w1.grad().toArray().length);
    }

    @Test
    void reusedBuffersAreZeroFilled() {
        Workspace ws = new Workspace();
        Tensor w = Tensor.ones(4096).requiresGrad(true);
        try (Workspace.Step s = ws.step()) {
            w.mul(3).exp().sum().backward();
            Tensor z = Tensor.zeros(4096);
            assertTrue(ws.reusedCount() > 0, ws.toString());
            for (float f : z.toArray()) {
                assertEquals(0f, f);
            }
        }
    }

    @Test
    void aWorkspaceServesOneStepAtATime() {
        Workspace ws = new Workspace();
        try (Workspace.Step s = ws.step()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, ws::step);
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
        }
        try (Workspace.Step s = ws.step()) {
            assertEquals(ws, Workspace.active());
        }
        assertEquals(null, Workspace.active());
    }

    @Test
    void withoutAStepNothingIsReleased() {
        Net net = new Net(11);
        Tensor h = Functional.conv2d(input(4), net.w1, null, 1, 1, 1, 1);
        h.silu().mean().backward();
        assertFalse(h.toArray().length == 0);
    }

    @Test
    void thePoolKeepsOnlyWhatAStepUses() {
        Workspace ws = new Workspace();
        Tensor w = Tensor.ones(8192).requiresGrad(true);
        try (Workspace.Step s = ws.step()) {
            w.mul(2).exp().mul(w).sum().backward();
        }
        long afterBig = ws.pooledElements();
        assertTrue(afterBig > 0, ws.toString());
        Tensor v = Tensor.ones(2048).requiresGrad(true);
        try (Workspace.Step s = ws.step()) {
            v.mul(2).exp().sum().backward();
        }
        try (Workspace.Step s = ws.step()) {
            v.mul(2).exp().sum().backward();
        }
        assertTrue(ws.pooledElements() < afterBig && ws.pooledElements() <= 6 * 2048L, ws.toString());
    }
}
