package org.dadda.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The PTX the jar carries, without a GPU: every module listed loads from the class path, every
 * kernel the Java side launches is a PTX {@code .entry} with exactly the parameters its
 * {@link KernelSpec} declares, and no entry is left unlaunched.
 */
class PtxResourcesTest {

    @Test
    void everyCuFileHasItsModuleOnTheClassPath() throws IOException {
        Set<String> sources;
        try (Stream<Path> files = Files.list(Path.of("src/main/cuda"))) {
            sources = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu"))
                    .map(n -> n.substring(0, n.length() - 3)).collect(Collectors.toCollection(TreeSet::new));
        }
        Map<String, String> modules = PtxResources.load();
        assertEquals(sources, new TreeSet<>(modules.keySet()));
        modules.forEach((name, ptx) -> {
            assertTrue(ptx.startsWith("// dadda-sources-sha256: "), name + ".ptx lacks the sources hash line");
            assertTrue(ptx.contains(".version") && ptx.contains(".target"), name + ".ptx is not PTX");
        });
    }

    @Test
    void everyLaunchedKernelIsAnEntryWithTheSameParameters() {
        Map<String, String> modules = PtxResources.load();
        Map<String, List<Param>> entries = new java.util.HashMap<>();
        modules.values().forEach(ptx -> entries.putAll(PtxEntries.parse(ptx)));
        for (KernelSpec spec : Kernels.ALL) {
            assertTrue(entries.containsKey(spec.name()), "kernel " + spec.name() + " is in no PTX module");
            assertEquals(spec.params(), entries.get(spec.name()), "parameters of " + spec.name());
        }
        Set<String> launched = Kernels.ALL.stream().map(KernelSpec::name).collect(Collectors.toSet());
        assertEquals(launched, entries.keySet(), "every PTX entry is launched by the backend");
        assertEquals(launched.size(), Kernels.ALL.size(), "no kernel is declared twice");
    }

    @Test
    void entriesAreParsedWithTheirParameterTypes() {
        String ptx = """
                .visible .entry k_one(
                \t.param .u32 k_one_param_0,
                \t.param .u64 k_one_param_1,
                \t.param .align 4 .b8 k_one_param_2[132],
                \t.param .f32 k_one_param_3
                )
                {
                }
                .visible .entry k_two()
                {
                }
                """;
        Map<String, List<Param>> e = PtxEntries.parse(ptx);
        assertEquals(List.of("k_one", "k_two"), List.copyOf(e.keySet()));
        assertEquals(List.of(Param.INT, Param.POINTER, Param.struct(33), Param.FLOAT), e.get("k_one"));
        assertTrue(e.get("k_two").isEmpty());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> PtxEntries.parse(".entry k(.param .f64 x)"));
        assertTrue(bad.getMessage().contains("k has a .f64 parameter"), bad.getMessage());
    }

    @Test
    void whereEachKernelLives() {
        Map<String, String> where = PtxResources.entryModules(PtxResources.load());
        assertEquals("gemm", where.get("sgemm_f32"));
        assertEquals("attention", where.get("attention_forward_f32"));
        assertFalse(where.containsKey("no_such_kernel"));
    }
}
