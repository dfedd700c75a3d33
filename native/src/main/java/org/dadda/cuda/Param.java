package org.dadda.cuda;

/**
 * The type of one kernel parameter as the PTX declares it: a device pointer ({@code .u64}), a
 * 32-bit int ({@code .u32}/{@code .s32}), a float ({@code .f32}) or a struct passed by value
 * ({@code .b8 name[bytes]}).
 *
 * @param kind  what the parameter holds
 * @param bytes its size in the kernel's parameter buffer
 */
public record Param(Kind kind, int bytes) {

    /** What a parameter holds. */
    public enum Kind {
        /** A device address (8 bytes). */
        POINTER,
        /** A 32-bit integer. */
        INT,
        /** A 32-bit float. */
        FLOAT,
        /** A struct of 32-bit fields passed by value. */
        STRUCT
    }

    /** A device pointer. */
    public static final Param POINTER = new Param(Kind.POINTER, 8);
    /** A 32-bit int. */
    public static final Param INT = new Param(Kind.INT, 4);
    /** A 32-bit float. */
    public static final Param FLOAT = new Param(Kind.FLOAT, 4);

    /** A by-value struct of {@code ints} 32-bit fields. */
    public static Param struct(int ints) {
        return new Param(Kind.STRUCT, 4 * ints);
    }

    @Override
    public String toString() {
        return kind == Kind.STRUCT ? "struct[" + bytes + " bytes]" : kind.name().toLowerCase();
    }
}
