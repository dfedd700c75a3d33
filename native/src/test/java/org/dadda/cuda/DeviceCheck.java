package org.dadda.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The device check's test runner (native/device-check.sh on the GPU machine, where there is no
 * Maven): runs the tests of this module that concern the device through the JUnit launcher and prints one table row per
 * test (passed, FAILED with the first line of the failure, or skipped with the reason), then the
 * counts. Exits 0 when nothing failed and the CUDA tests ran, 1 on a failure, 2 when the CUDA
 * tests were skipped (no usable device: the check proved nothing about the GPU).
 */
public final class DeviceCheck {
    private DeviceCheck() {
    }

    /** Runs the tests; {@code args} may name another package to select. */
    public static void main(String[] args) {
        String pkg = args.length > 0 ? args[0] : "org.dadda.cuda";
        // The contract on the CPU backend and on the host emulator needs no GPU: the build runs them.
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectPackage(pkg))
                .filters(ClassNameFilter.excludeClassNamePatterns(".*\\.CpuContractTest", ".*\\.EmulatedContractTest"))
                .build();
        Table table = new Table();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, table);
        int exit = table.print(System.out);
        System.exit(exit);
    }

    /** Collects one row per test. */
    static final class Table implements TestExecutionListener {
        private record Row(String test, String status, long millis, String note) {
        }

        private final List<Row> rows = new ArrayList<>();
        private final Map<String, Long> started = new ConcurrentHashMap<>();

        @Override
        public void executionStarted(TestIdentifier id) {
            started.put(id.getUniqueId(), System.nanoTime());
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest() || id.isContainer() && id.getUniqueId().contains("[class:")) {
                rows.add(new Row(name(id), "skipped", 0, reason));
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest()) {
                return;
            }
            long ms = (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1_000_000;
            String note = result.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse("");
            String status = switch (result.getStatus()) {
                case SUCCESSFUL -> "passed";
                case ABORTED -> "skipped";
                case FAILED -> "FAILED";
            };
            rows.add(new Row(name(id), status, ms, note));
        }

        private static String name(TestIdentifier id) {
            String uid = id.getUniqueId();
            int cls = uid.indexOf("[class:");
            String className = cls < 0 ? "" : uid.substring(cls + 7, uid.indexOf(']', cls));
            return className.substring(className.lastIndexOf('.') + 1) + (id.isTest() ? "." + id.getDisplayName() : "");
        }

        /** Prints the table and returns the exit code. */
        int print(PrintStream out) {
            int width = rows.stream().mapToInt(r -> r.test.length()).max().orElse(4);
            String format = "%-" + width + "s  %-7s  %7s  %s%n";
            out.printf(format, "test", "result", "ms", "note");
            int failed = 0;
            int cudaRan = 0;
            int cudaSkipped = 0;
            for (Row r : rows) {
                String note = r.note.lines().findFirst().orElse("");
                out.printf(format, r.test, r.status, r.millis, note.length() > 160 ? note.substring(0, 157) + "..." : note);
                failed += r.status.equals("FAILED") ? 1 : 0;
                if (r.test.startsWith("CudaContractTest")) {
                    cudaRan += r.status.equals("skipped") ? 0 : 1;
                    cudaSkipped += r.status.equals("skipped") ? 1 : 0;
                }
            }
            out.printf("%d tests: %d failed; CUDA contract tests run %d, skipped %d%n", rows.size(), failed, cudaRan,
                    cudaSkipped);
            return failed > 0 ? 1 : cudaRan == 0 ? 2 : 0;
        }
    }
}
