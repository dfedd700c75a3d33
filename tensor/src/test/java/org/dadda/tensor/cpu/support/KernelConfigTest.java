package org.dadda.tensor.cpu.support;

import org.dadda.tensor.cpu.NoVectorModuleMain;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelConfigTest {

    private static String runChild(List<String> jvmArgs) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NoVectorModuleMain.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("simd=")).findFirst().orElse(out);
    }

    @Test
    void runsScalarWithoutTheVectorModule() throws Exception {
        assertEquals("simd=false module=false ok=true", runChild(List.of()));
    }

    @Test
    void propertyForcesScalar() throws Exception {
        String out = runChild(List.of("--add-modules", "jdk.incubator.vector", "-Ddadda.simd=false"));
        assertEquals("simd=false module=true ok=true", out);
    }

    @Test
    void vectorPathChosenWhenAvailable() throws Exception {
        String out = runChild(List.of("--add-modules", "jdk.incubator.vector"));
        assertEquals("simd=" + KernelConfig.simdAvailable() + " module=true ok=true", out);
    }
}
