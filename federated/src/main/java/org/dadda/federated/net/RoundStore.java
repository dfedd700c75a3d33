package org.dadda.federated.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.dadda.federated.fedavg.FedAvgJob;
import org.dadda.federated.fedavg.RoundReport;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.WeightsIo;
import org.dadda.nn.Module;
import org.dadda.tensor.util.Json;

/**
 * What a networked FedAvg server keeps, so that a restarted server resumes at the last completed
 * round: in its state folder, the global weights before round 0 ({@code initial.safetensors}) and
 * after every completed round ({@code round-000003.safetensors}), and {@code state.json} (the
 * job, the number of completed rounds, the newest weights file with its SHA-256, and every
 * round's report). Each file is written to a temporary file and renamed; the weights first,
 * {@code state.json} last, so the state names only weights that are whole.
 */
final class RoundStore {
    /** The state file. */
    static final String STATE = "state.json";

    private final Path dir;
    private final FedAvgJob job;
    private final List<Object> reports;
    private int completed;

    private RoundStore(Path dir, FedAvgJob job, int completed, List<Object> reports) {
        this.dir = dir;
        this.job = job;
        this.completed = completed;
        this.reports = reports;
    }

    /**
     * The store in {@code dir}: when it holds a state of {@code job}, its newest weights are loaded
     * into {@code global} and the run resumes after its last completed round; otherwise
     * {@code global}'s weights are kept as the initial ones.
     *
     * @throws IllegalArgumentException when {@code dir} holds another job, or its weights do not match their digest
     */
    static RoundStore open(Path dir, FedAvgJob job, Module global, Consumer<String> log) {
        Path file = dir.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            RoundStore s = new RoundStore(dir, job, 0, new ArrayList<>());
            s.save(weightsFile(0), global);
            return s;
        }
        Map<String, Object> m = Json.object(Files2.readJson(file), file.toString());
        FedAvgJob saved = FedAvgJob.fromJson(m.get("job"), file + " (job)");
        if (!saved.equals(job)) {
            throw new IllegalArgumentException(file + " holds FedAvg job " + saved + ", not " + job
                    + "; give another --state folder or the same settings");
        }
        Path weights = dir.resolve(String.valueOf(m.get("weights")));
        String sha = Files2.sha256(weights);
        if (!sha.equals(m.get("sha256"))) {
            throw new IllegalArgumentException("FedAvg weights " + weights + " have SHA-256 " + sha + ", but " + file + " recorded "
                    + m.get("sha256") + "; the state folder is damaged");
        }
        global.loadStateDict(WeightsIo.load(weights), true);
        int done = ((Number) m.get("completed_rounds")).intValue();
        log.accept("fedavg: " + dir + " holds " + done + " completed rounds of job " + job.name() + "; resuming at round " + done);
        return new RoundStore(dir, job, done, new ArrayList<>((List<?>) m.get("reports")));
    }

    /** Rounds completed so far: the next round to run. */
    int completedRounds() {
        return completed;
    }

    /** Keeps round {@code report.round()}'s weights and report. */
    void completed(RoundReport report, Module global) {
        reports.add(toJson(report));
        completed = report.round() + 1;
        save(weightsFile(completed), global);
    }

    /** The file holding the global weights after {@code completedRounds} rounds. */
    static String weightsFile(int completedRounds) {
        return completedRounds == 0 ? "initial.safetensors" : String.format("round-%06d.safetensors", completedRounds - 1);
    }

    /** The reports of every completed round, as written to {@code state.json}. */
    List<Object> reports() {
        return List.copyOf(reports);
    }

    private void save(String weightsFile, Module global) {
        Path weights = dir.resolve(weightsFile);
        WeightsIo.save(weights, global.stateDict(), Map.of("job", job.name(), "completed_rounds",
                Integer.toString(completed)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job", job.toJson());
        m.put("completed_rounds", completed);
        m.put("weights", weightsFile);
        m.put("sha256", Files2.sha256(weights));
        m.put("reports", reports);
        Files2.writeJson(dir.resolve(STATE), m);
    }

    private static Map<String, Object> toJson(RoundReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", r.round());
        m.put("selected", r.selected());
        m.put("aggregated", r.aggregated());
        Map<String, Object> f = new TreeMap<>();
        r.failures().forEach((k, v) -> f.put(Integer.toString(k), v));
        m.put("failures", f);
        m.put("train_ms", r.trainNanos() / 1e6);
        m.put("aggregate_ms", r.aggregateNanos() / 1e6);
        return m;
    }
}
