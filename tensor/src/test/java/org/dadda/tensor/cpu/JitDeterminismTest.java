package org.dadda.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The CPU kernels give the same bits whichever JIT tier runs them. Each check starts fresh JVMs on
 * {@link KernelWorkout} (the surefire JVM has long warmed up, so it cannot show a cold run):
 * {@code -XX:TieredStopAtLevel=1} never leaves the interpreter and C1, so the Vector API runs its
 * plain-Java fallback throughout; {@code -Xbatch -XX:CompileThresholdScaling=0.05} has C2 compile
 * and intrinsify the kernels within the warm-up, synchronously, so that its "hot" results surely
 * come from C2 code. A JIT-dependent operation such as the Vector API's {@code EXP} lane operation
 * (whose C2 intrinsic calls another library than its fallback) makes these tests fail.
 */
class JitDeterminismTest {
    private static final List<String> C2_EARLY = List.of("-Xbatch", "-XX:CompileThresholdScaling=0.05");
    private static final List<String> C1_ONLY = List.of("-XX:TieredStopAtLevel=1");

    /** Kernel name to {cold digest, hot digest} from a child JVM with {@code jvmArgs}, after {@code warm} warm-up rounds. */
    private static Map<String, String[]> workout(List<String> jvmArgs, int warm) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(KernelWorkout.class.getName());
        cmd.add(Integer.toString(warm));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish: " + cmd);
        assertEquals(0, p.exitValue(), out);
        Map<String, String[]> r = new LinkedHashMap<>();
        for (String line : out.split("\\R")) {
            String[] f = line.split(" ");
            if (f.length == 3 && f[1].startsWith("cold=") && f[2].startsWith("hot=")) {
                r.put(f[0], new String[] {f[1].substring(5), f[2].substring(4)});
            }
        }
        assertEquals(KernelWorkout.kernels().keySet(), r.keySet(), out);
        return r;
    }

    private static void assertColdEqualsHot(Map<String, String[]> r, String what) {
        for (Map.Entry<String, String[]> e : r.entrySet()) {
            assertEquals(e.getValue()[0], e.getValue()[1], what + ": kernel " + e.getKey() + " changed its bits once compiled");
        }
    }

    @Test
    void c2CodeGivesTheBitsOfTheInterpreterAndC1() throws Exception {
        Map<String, String[]> c2 = workout(C2_EARLY, 100);
        assertColdEqualsHot(c2, "default kernels");
        Map<String, String[]> c1 = workout(C1_ONLY, 0);
        for (String k : c2.keySet()) {
            assertEquals(c1.get(k)[0], c2.get(k)[1], "kernel " + k + ": C1-only JVM vs C2-compiled");
        }
    }

    @Test
    void scalarKernelsAreJitIndependentToo() throws Exception {
        List<String> args = new ArrayList<>(C2_EARLY);
        args.add("-Ddadda.simd=false");
        assertColdEqualsHot(workout(args, 100), "scalar kernels");
    }
}
