package org.dadda.diffusion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * DDPM training of the attention U-Net gives the same weights, bit for bit, from the same seed and
 * thread count, whichever JIT tier runs the kernels ({@link UNetTrainingRun}: GroupNorm, SiLU,
 * self-attention, strided and upsampling convolutions, Adam, clipping, EMA).
 */
class TrainingDeterminismTest {
    private static final int STEPS = 15;

    /**
     * One JVM, the same training repeated: the first run starts on kernels that may still be
     * interpreted or in C1, the later ones run on C2 code (run alone, C2 takes over SiLU after
     * about 150 steps on two cores). Earlier test classes may have warmed the JIT already, so the
     * forked-JVM test below is the one that surely contrasts the tiers.
     */
    @Test
    void repeatedTrainingInOneJvmGivesTheSameBits() {
        Map<String, float[]> first = UNetTrainingRun.train(STEPS);
        for (int r = 2; r <= 12; r++) {
            assertNull(UNetTrainingRun.firstDifference(first, UNetTrainingRun.train(STEPS)), "run 1 vs run " + r);
        }
    }

    /**
     * Two fresh JVMs: one limited to the interpreter and C1 (the Vector API then runs its plain-Java
     * fallback throughout), one where C2 compiles early and synchronously ({@code -Xbatch} and a
     * twentieth of the usual thresholds), so most steps run intrinsified C2 code. Their final weights
     * must have the same digest. Run by hand for a longer training with
     * {@code java --add-modules jdk.incubator.vector -XX:TieredStopAtLevel=1 -cp <test classpath>
     * org.dadda.diffusion.train.UNetTrainingRun 200} and the same without the flag.
     */
    @Test
    void c1OnlyAndEarlyC2JvmsTrainToTheSameWeights() throws Exception {
        String c1 = digestInChild(List.of("-XX:TieredStopAtLevel=1"));
        String c2 = digestInChild(List.of("-Xbatch", "-XX:CompileThresholdScaling=0.05"));
        assertEquals(c1, c2, "weights after " + STEPS + " steps: C1-only JVM vs early-C2 JVM");
    }

    private static String digestInChild(List<String> jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(UNetTrainingRun.class.getName());
        cmd.add(Integer.toString(STEPS));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish: " + cmd);
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("digest=")).findFirst()
                .orElseThrow(() -> new AssertionError("no digest from " + cmd + ":\n" + out));
    }
}
