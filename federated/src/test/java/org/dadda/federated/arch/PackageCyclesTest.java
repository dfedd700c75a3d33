package org.dadda.federated.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * No package of a dadda module depends, through others, on itself: the dependencies between
 * packages, read from the compiled classes with {@code jdeps}, have no cycle.
 */
class PackageCyclesTest {
    @Test
    void packagesDependOnEachOtherWithoutCycles() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElse(null);
        Assumptions.assumeTrue(jdeps != null, "jdeps is not in this JDK");
        List<Path> modules = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            String s = p.toString().replace('\\', '/');
            boolean ownClasses = s.endsWith("/target/classes") && Files.isDirectory(p.resolve("org/dadda"));
            boolean ownJar = p.getFileName().toString().startsWith("dadda-") && s.endsWith(".jar");
            if (ownClasses || ownJar) {
                modules.add(p);
            }
        }
        assertTrue(modules.size() >= 5, "tensor, nn, augment, diffusion and federated on the class path: " + modules);
        List<Set<String>> found = new ArrayList<>();
        for (Path m : modules) {
            found.addAll(cycles(graph(jdeps, m)));
        }
        List<String> cycles = new ArrayList<>();
        for (Set<String> c : found) {
            cycles.add(new TreeSet<>(c).toString());
        }
        assertTrue(cycles.isEmpty(), "package cycles: " + cycles);
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("a", Set.of("b"));
        g.put("b", Set.of("c"));
        g.put("c", Set.of("a", "d"));
        g.put("d", Set.of());
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(g));
        g.put("c", Set.of("d"));
        assertTrue(cycles(g).isEmpty());
    }

    /** Package to the packages it uses, from {@code jdeps -verbose:package} of one module. */
    private static Map<String, Set<String>> graph(ToolProvider jdeps, Path module) {
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:package", "-filter:none",
                "--add-modules", "jdk.incubator.vector", module.toString());
        assertEquals(0, rc, "jdeps on " + module + ": " + out);
        Map<String, Set<String>> g = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("->") && f[0].startsWith("org.dadda") && f[2].startsWith("org.dadda") && !f[0].equals(f[2])) {
                g.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[2]);
            }
        }
        assertFalse(g.isEmpty() && module.toString().contains("federated"), "jdeps found no dependencies in " + module);
        return g;
    }

    /** The strongly connected components of more than one package (Tarjan, iterative). */
    static List<Set<String>> cycles(Map<String, Set<String>> g) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String root : g.keySet()) {
            if (!index.containsKey(root)) {
                strongConnect(root, g, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void strongConnect(String v, Map<String, Set<String>> g, Map<String, Integer> index, Map<String, Integer> low,
                                      Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : g.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, g, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> comp = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                comp.add(w);
            } while (!w.equals(v));
            if (comp.size() > 1) {
                out.add(comp);
            }
        }
    }
}
