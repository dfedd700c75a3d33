package org.dadda.federated.downstream;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.Resize;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Tensor;

/**
 * Per-image inference cost of a downstream model, as the paper's Table VII measures it: the
 * end-to-end time to read an image file, resize and normalise it and run the model at batch size
 * 1, and the memory that takes. On the JVM the memory figure is the bytes the inference allocates
 * on the heap (a garbage-collected heap has no per-call peak), read from the thread's allocation
 * counter where the JVM offers it.
 *
 * @param latencyMeanMs mean latency in milliseconds
 * @param latencyStdMs standard deviation of the latency
 * @param allocMeanMb mean heap allocation per image in MB (NaN when the JVM cannot count it)
 * @param allocStdMb its standard deviation
 * @param images number of timed images
 * @param parameters the model's parameter count
 */
public record InferenceCost(double latencyMeanMs, double latencyStdMs, double allocMeanMb, double allocStdMb, int images,
                            long parameters) {

    /**
     * Times {@code forward} on each of {@code files} (after {@code warmup} untimed runs on the first).
     *
     * @param forward the model, applied without gradients
     */
    public static InferenceCost measure(List<Path> files, int resolution, UnaryOperator<Tensor> forward, int warmup, long parameters) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no images to time inference on");
        }
        for (int i = 0; i < warmup; i++) {
            once(files.get(0), resolution, forward);
        }
        com.sun.management.ThreadMXBean mx = threadBean();
        long tid = Thread.currentThread().getId();
        double[] ms = new double[files.size()];
        double[] mb = new double[files.size()];
        for (int i = 0; i < files.size(); i++) {
            long a0 = mx == null ? 0 : mx.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            once(files.get(i), resolution, forward);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            // Kernels run on worker threads too; the calling thread's count is what the caller's code allocates.
            mb[i] = mx == null ? Double.NaN : (mx.getThreadAllocatedBytes(tid) - a0) / 1e6;
        }
        return new InferenceCost(mean(ms), std(ms), mean(mb), std(mb), files.size(), parameters);
    }

    private static void once(Path file, int resolution, UnaryOperator<Tensor> forward) {
        Image im = ImageFiles.readRgb(file);
        if (im.width() != resolution || im.height() != resolution) {
            im = Resize.image(im, resolution, resolution);
        }
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            forward.apply(ImageBatches.images(List.of(im), new int[] {0}, null)).toArray();
        }
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b && b.isThreadAllocatedMemorySupported()) {
            b.setThreadAllocatedMemoryEnabled(true);
            return b;
        }
        return null;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    /** As plain JSON values. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latency_ms_mean", latencyMeanMs);
        m.put("latency_ms_std", latencyStdMs);
        m.put("heap_alloc_mb_mean", allocMeanMb);
        m.put("heap_alloc_mb_std", allocStdMb);
        m.put("images", images);
        m.put("parameters", parameters);
        return m;
    }
}
