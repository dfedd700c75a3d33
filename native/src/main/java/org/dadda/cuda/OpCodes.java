package org.dadda.cuda;

import java.util.EnumMap;
import java.util.Map;
import org.dadda.tensor.BinaryOp;
import org.dadda.tensor.UnaryOp;

/**
 * The numbers the kernels switch on for each {@link UnaryOp} and {@link BinaryOp}: the
 * {@code UNARY_*} and {@code BINARY_*} defines of {@code src/main/cuda/ops.h}, matched by name
 * (never by ordinal, so reordering an enum cannot silently swap two ops). {@code OpCodesTest}
 * parses ops.h and checks both tables.
 */
public final class OpCodes {
    private OpCodes() {
    }

    private static final Map<UnaryOp, Integer> UNARY = new EnumMap<>(UnaryOp.class);
    private static final Map<BinaryOp, Integer> BINARY = new EnumMap<>(BinaryOp.class);

    static {
        String[] unary = {"NEG", "EXP", "LOG", "SQRT", "ABS", "POW", "CLAMP", "AFFINE", "RELU", "SIGMOID", "TANH", "SILU",
            "GELU", "GREATER_THAN"};
        for (int i = 0; i < unary.length; i++) {
            UNARY.put(UnaryOp.valueOf(unary[i]), i);
        }
        String[] binary = {"ADD", "SUB", "MUL", "DIV", "MAX", "MIN", "GT", "LT", "EQ"};
        for (int i = 0; i < binary.length; i++) {
            BINARY.put(BinaryOp.valueOf(binary[i]), i);
        }
    }

    /**
     * The kernel code of {@code op}.
     *
     * @throws UnsupportedOperationException for an op added to {@link UnaryOp} but not to the kernels
     */
    public static int of(UnaryOp op) {
        Integer c = UNARY.get(op);
        if (c == null) {
            throw new UnsupportedOperationException("unary " + op + ": the CUDA backend does not have it yet");
        }
        return c;
    }

    /**
     * The kernel code of {@code op}.
     *
     * @throws UnsupportedOperationException for an op added to {@link BinaryOp} but not to the kernels
     */
    public static int of(BinaryOp op) {
        Integer c = BINARY.get(op);
        if (c == null) {
            throw new UnsupportedOperationException("binary " + op + ": the CUDA backend does not have it yet");
        }
        return c;
    }
}
