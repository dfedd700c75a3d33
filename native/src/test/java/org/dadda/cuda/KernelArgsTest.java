package org.dadda.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dadda.tensor.AttentionGeometry;
import org.dadda.tensor.View;
import org.dadda.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/** Argument packing: values and types in call order, narrowing where the kernels take 32 bits, checks against a spec. */
class KernelArgsTest {

    @Test
    void valuesKeepTheirOrderAndTheirKernelTypes() {
        int[] fields = {3, 1, 4};
        KernelArgs a = new KernelArgs().pointer(0x7f00_0000_1000L).i(-7).f(0.1).flag(true).flag(false).struct(fields)
                .pointer(0L);
        fields[0] = 99; // the struct is copied when added
        assertEquals(List.of(Param.POINTER, Param.INT, Param.FLOAT, Param.INT, Param.INT, Param.struct(3), Param.POINTER),
                a.types());
        assertEquals(0x7f00_0000_1000L, a.values().get(0));
        assertEquals(-7, a.values().get(1));
        assertEquals(0.1f, a.values().get(2), "doubles narrow to the float the kernel takes");
        assertEquals(1, a.values().get(3));
        assertEquals(0, a.values().get(4));
        assertArrayEquals(new int[] {3, 1, 4}, (int[]) a.values().get(5));
        assertEquals(0L, a.values().get(6), "an absent optional operand is a null device pointer");
        assertEquals(12, Param.struct(3).bytes());
    }

    @Test
    void aNullViewIsANullPointerAndAHostViewIsRefused() {
        assertEquals(0L, new KernelArgs().pointer((View) null).values().get(0));
        View host = View.dense(CpuBackend.INSTANCE.allocate(4), 0, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KernelArgs().pointer(host));
        assertTrue(e.getMessage().startsWith("cuda backend: an operand lives in F32Storage, not in device memory"),
                e.getMessage());
    }

    @Test
    void limitsOfTheKernelsAreRefusedByName() {
        // Head dimensions above the per-thread arrays of attention.cu: checked before any device call.
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> new AttentionOps(null, null).attention(new AttentionGeometry(1, 2, 2, 129, 1), null, null, null,
                        null, null, null));
        assertEquals("attention with head dimension 129 (above 128): the CUDA backend does not have it yet",
                e.getMessage());
    }

    @Test
    void mismatchesNameTheKernelAndTheArgument() {
        KernelSpec spec = KernelSpec.of("k", Param.POINTER, Param.INT, Param.FLOAT);
        new KernelArgs().pointer(1L).i(2).f(3).checkAgainst(spec);
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> new KernelArgs().pointer(1L).checkAgainst(spec));
        assertTrue(count.getMessage().contains("kernel k takes 3 arguments, got 1"), count.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> new KernelArgs().pointer(1L).f(2).f(3).checkAgainst(spec));
        assertTrue(type.getMessage().contains("kernel k argument 1 is int, got float"), type.getMessage());
    }

    @Test
    void everyLaunchSiteFitsItsKernel() {
        // The structs the op classes pack have the sizes their specs declare.
        assertEquals(StridedLayout.INTS, StridedLayout.of("t", new int[] {2, 3}, new int[] {3, 1}).pack().length);
        assertEquals(Kernels.CONV_FORWARD.params().get(4).bytes(), 4 * KernelStructs.CONV_INTS);
    }
}
