package org.dadda.tensor.cpu.support;

/**
 * Decides, once per JVM, whether the CPU kernels use the Vector API or their scalar fallbacks.
 *
 * <p>The Vector API path is chosen when the incubator module {@code jdk.incubator.vector} is in the
 * boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}), its preferred
 * float species is at least 256 bits wide, and the system property {@code dadda.simd} is not
 * {@code false}. The Vector API classes of this package are loaded only when that path is chosen, so
 * the kernels also run on a JVM started without the module.
 */
public final class KernelConfig {

    /** System property that forces the scalar kernels when set to {@code false}. */
    public static final String SIMD_PROPERTY = "dadda.simd";

    /** System property that turns Winograd's 3x3 convolution off when set to {@code false}. */
    public static final String WINOGRAD_PROPERTY = "dadda.winograd";

    private static final boolean MODULE_PRESENT =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final int VECTOR_BITS = MODULE_PRESENT ? probeVectorBits() : 0;
    private static final boolean SIMD = decide();

    private KernelConfig() {
    }

    private static int probeVectorBits() {
        try {
            // Reflection keeps the Vector API classes out of this class's constant pool.
            Class<?> probe = Class.forName("org.dadda.tensor.cpu.support.VectorProbe");
            return (Integer) probe.getDeclaredMethod("preferredBits").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return 0;
        }
    }

    private static boolean decide() {
        return booleanProperty(SIMD_PROPERTY) && simdAvailable();
    }

    /** A true/false system property, true when unset; anything else is an error naming it. */
    private static boolean booleanProperty(String name) {
        String prop = System.getProperty(name);
        if (prop == null || prop.isBlank()) {
            return true;
        }
        String p = prop.trim();
        if (!p.equalsIgnoreCase("true") && !p.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("system property " + name + " must be true or false, got '" + prop + "'");
        }
        return p.equalsIgnoreCase("true");
    }

    /**
     * Whether 3x3 stride-1 convolutions may use Winograd's method (system property
     * {@code dadda.winograd}, default true; {@code false} keeps the direct GEMM method, for comparisons).
     */
    public static boolean winogradEnabled() {
        return booleanProperty(WINOGRAD_PROPERTY);
    }

    /** Whether the module {@code jdk.incubator.vector} is present in the boot layer. */
    public static boolean vectorModulePresent() {
        return MODULE_PRESENT;
    }

    /** Bit width of the Vector API's preferred float species, or 0 when the module is absent. */
    public static int preferredVectorBits() {
        return VECTOR_BITS;
    }

    /** Whether the Vector API kernels can run here (module present, species of 256 bits or more). */
    public static boolean simdAvailable() {
        return MODULE_PRESENT && VECTOR_BITS >= 256;
    }

    /** Whether the kernels used by default ({@link KernelSet#active()}) are the Vector API ones. */
    public static boolean simdEnabled() {
        return SIMD;
    }

    /** One line describing the active path, for logs and benchmark reports. */
    public static String describe() {
        if (SIMD) {
            return "Vector API kernels, " + VECTOR_BITS + "-bit float vectors";
        }
        if (!MODULE_PRESENT) {
            return "scalar kernels (module jdk.incubator.vector not present; start the JVM with --add-modules jdk.incubator.vector)";
        }
        if (VECTOR_BITS < 256) {
            return "scalar kernels (preferred vector width " + VECTOR_BITS + " bits is below 256)";
        }
        return "scalar kernels (forced by -D" + SIMD_PROPERTY + "=false)";
    }
}
