package org.dadda.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.dadda.augment.image.Image;
import org.dadda.federated.downstream.Classifier;
import org.dadda.federated.downstream.LabelledImages;
import org.dadda.federated.fedavg.FedAvg;
import org.dadda.federated.fedavg.FedAvgConfig;
import org.dadda.federated.fedavg.FedAvgJob;
import org.dadda.federated.fedavg.LocalClients;
import org.dadda.federated.fedavg.RoundReport;
import org.dadda.federated.net.Endpoint;
import org.dadda.federated.net.FedAvgNode;
import org.dadda.federated.net.FedAvgServer;
import org.dadda.federated.net.Pki;
import org.dadda.federated.net.RoundRules;
import org.dadda.federated.net.TlsIdentity;
import org.dadda.federated.run.Files2;
import org.dadda.nn.Module;
import org.dadda.nn.models.ResNet;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * A FedAvg round of ResNet-18 (the nn module's, torchvision's BasicBlock layout) in one process
 * against the same round over loopback gRPC with mutual TLS ({@link FedAvgServer} and
 * {@link FedAvgNode}s): round time, the network's share of it, and the bytes on the wire per
 * round, counted by a TCP relay between the nodes and the server (TLS records, HTTP/2 frames
 * and all). Clients train one after another in both (a single node by default), so the
 * difference is what the network adds: serialising the weights, TLS, the transfers and the
 * digests. The two runs must end with identical weights; the bench says so.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar org.dadda.bench.NetworkBench \
 *      [--clients 2,10] [--rounds 3] [--batch 8] [--width 64] [--resolution 32] [--per-client 16] [--nodes 1]
 * </pre>
 * Round 0 includes the JIT's warm-up; the summary is the median of the later rounds.
 */
public final class NetworkBench {
    private static final int CLASSES = 3;

    private NetworkBench() {
    }

    /** Settings from the command line. */
    private record Settings(List<Integer> clients, int rounds, int batch, int width, int resolution, int perClient, int nodes) {
        static Settings parse(String[] args) {
            List<Integer> clients = List.of(2, 10);
            int rounds = 3;
            int batch = 8;
            int width = 64;
            int resolution = 32;
            int perClient = 16;
            int nodes = 1;
            for (int i = 0; i + 1 < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--clients" -> clients = Arrays.stream(v.split(",")).map(String::trim).map(Integer::parseInt).toList();
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--batch" -> batch = Integer.parseInt(v);
                    case "--width" -> width = Integer.parseInt(v);
                    case "--resolution" -> resolution = Integer.parseInt(v);
                    case "--per-client" -> perClient = Integer.parseInt(v);
                    case "--nodes" -> nodes = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (--clients, --rounds, --batch, --width, --resolution, --per-client, --nodes)");
                }
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
            }
            return new Settings(clients, rounds, batch, width, resolution, perClient, nodes);
        }
    }

    /** Runs the comparison for every client count and prints one line per round and a summary per count. */
    public static void main(String[] args) throws Exception {
        Settings s = Settings.parse(args);
        Path work = Files.createTempDirectory("dadda-network-bench");
        try {
            Path pki = work.resolve("pki");
            Pki.initCa(pki, "bench-ca", 1);
            Pki.issue(pki, "server", Pki.Role.SERVER, List.of("127.0.0.1"), 1);
            for (int n = 0; n < s.nodes; n++) {
                Pki.issue(pki, "node-" + n, Pki.Role.NODE, List.of(), 1);
            }
            System.out.printf(Locale.ROOT, "ResNet-18 width %d, %dx%d images, batch %d, %d images per client, %d node(s), mutual TLS%n",
                    s.width, s.resolution, s.resolution, s.batch, s.perClient, s.nodes);
            System.out.println("clients round in-process_ms network_ms overhead_% wire_MB");
            for (int clients : s.clients) {
                compare(s, clients, pki, work.resolve("state-" + clients));
            }
        } finally {
            Files2.deleteRecursively(work);
        }
    }

    private static void compare(Settings s, int clients, Path pki, Path state) throws Exception {
        LabelledImages train = images(clients * s.perClient, s.resolution);
        FedAvgJob job = new FedAvgJob("bench", clients, true, FedAvgConfig.of(s.rounds, 1, s.batch, 11));

        ResNet local = model(s, 11);
        List<RoundReport> inProcess;
        try (LocalClients pool = clients(s, job, train)) {
            inProcess = new FedAvg(job.config()).log(line -> { }).run(local, pool, 0, null);
        }

        ResNet global = model(s, 11);
        List<Long> wire = new ArrayList<>();
        List<RoundReport> network;
        RoundRules rules = new RoundRules(s.nodes, Duration.ofMinutes(5), Duration.ofHours(2), 1L << 31);
        try (FedAvgServer server = FedAvgServer.start(new Endpoint("127.0.0.1", 0), TlsIdentity.in(pki, "server"), job, rules, state,
                line -> { });
             CountingRelay relay = new CountingRelay(server.port())) {
            List<CompletableFuture<Void>> nodes = new ArrayList<>();
            for (int n = 0; n < s.nodes; n++) {
                String name = "node-" + n;
                nodes.add(CompletableFuture.runAsync(() -> {
                    try (FedAvgNode node = new FedAvgNode(new Endpoint("127.0.0.1", relay.port()), TlsIdentity.in(pki, name), name,
                            Duration.ofSeconds(30), line -> { })) {
                        node.run("bench", j -> clients(s, j, train), null);
                    }
                }, runnable -> new Thread(runnable, name).start()));
            }
            AtomicLong before = new AtomicLong();
            network = server.run(global, (r, g) -> wire.add(relay.bytes() - before.getAndSet(relay.bytes())));
            for (CompletableFuture<Void> n : nodes) {
                n.get();
            }
        }
        List<Double> overheads = new ArrayList<>();
        List<Double> bytes = new ArrayList<>();
        for (int r = 0; r < s.rounds; r++) {
            double a = ms(inProcess.get(r));
            double b = ms(network.get(r));
            double mb = wire.get(r) / 1e6;
            System.out.printf(Locale.ROOT, "%7d %5d %14.1f %10.1f %10.1f %7.1f%n", clients, r, a, b, 100 * (b - a) / a, mb);
            if (r > 0 || s.rounds == 1) {
                overheads.add(100 * (b - a) / a);
                bytes.add(mb);
            }
        }
        System.out.printf(Locale.ROOT, "%d clients: median overhead %.1f%% of the in-process round, %.1f MB on the wire per round;"
                + " weights identical: %b%n", clients, median(overheads), median(bytes), same(local.stateDict(), global.stateDict()));
    }

    private static ResNet model(Settings s, long seed) {
        return Classifier.build(18, s.width, false, CLASSES, seed);
    }

    private static LocalClients clients(Settings s, FedAvgJob job, LabelledImages train) {
        return new LocalClients(job.shards(train.labels(), CLASSES), job.config(), () -> model(s, 0),
                Classifier.localTrainer(train, 1e-3), line -> { });
    }

    /** Random images with labels in turn: the bench measures time and bytes, not accuracy. */
    private static LabelledImages images(int n, int size) {
        Rng rng = new Rng(7);
        List<Image> images = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float[] px = new float[3 * size * size];
            for (int k = 0; k < px.length; k++) {
                px[k] = rng.nextFloat();
            }
            images.add(new Image(3, size, size, px));
            labels[i] = i % CLASSES;
        }
        return new LabelledImages(images, labels, List.of("a", "b", "c"));
    }

    private static double ms(RoundReport r) {
        return (r.trainNanos() + r.aggregateNanos()) / 1e6;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static boolean same(Map<String, Tensor> a, Map<String, Tensor> b) {
        for (var e : a.entrySet()) {
            if (!Arrays.equals(e.getValue().toArray(), b.get(e.getKey()).toArray())) {
                return false;
            }
        }
        return a.keySet().equals(b.keySet());
    }

    /** A loopback TCP relay to the server that counts the bytes it carries both ways. */
    private static final class CountingRelay implements AutoCloseable {
        private final ServerSocket listener;
        private final int target;
        private final AtomicLong bytes = new AtomicLong();
        private final List<Socket> sockets = new ArrayList<>();

        CountingRelay(int target) throws IOException {
            this.target = target;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::accept, "relay-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        long bytes() {
            return bytes.get();
        }

        private void accept() {
            try {
                while (true) {
                    Socket down = listener.accept();
                    Socket up = new Socket(InetAddress.getLoopbackAddress(), target);
                    synchronized (sockets) {
                        sockets.add(down);
                        sockets.add(up);
                    }
                    pump(down, up);
                    pump(up, down);
                }
            } catch (IOException e) {
                // The relay was closed.
            }
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[1 << 16];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                        out.write(buf, 0, n);
                        bytes.addAndGet(n);
                    }
                } catch (IOException e) {
                    // One side closed; closing the other ends the connection as a direct one would end.
                }
                try {
                    to.shutdownOutput();
                } catch (IOException e) {
                    // Already closed.
                }
            }, "relay-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }
}
