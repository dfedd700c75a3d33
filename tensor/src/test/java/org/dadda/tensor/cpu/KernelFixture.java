package org.dadda.tensor.cpu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a fixture written by {@code tensor/src/test/python/make_kernel_fixtures.py}: per line a name,
 * a TAB, the comma-separated shape, a TAB and the values; lines starting with '#' are comments.
 */
final class KernelFixture {

    private final String resource;
    private final Map<String, double[]> tensors;

    private KernelFixture(String resource, Map<String, double[]> tensors) {
        this.resource = resource;
        this.tensors = tensors;
    }

    /** Loads {@code /fixtures/kernels/<name>} from the test classpath. */
    static KernelFixture load(String name) throws IOException {
        String resource = "/fixtures/kernels/" + name;
        Map<String, double[]> map = new LinkedHashMap<>();
        try (InputStream in = KernelFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("fixture " + resource + " not found on the test classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", -1);
                if (parts.length != 3) {
                    throw new IOException(resource + ":" + lineNo + ": expected name, shape and values separated by tabs");
                }
                int count = 1;
                if (!parts[1].isEmpty()) {
                    for (String s : parts[1].split(",")) {
                        count *= Integer.parseInt(s);
                    }
                }
                String[] vals = parts[2].isEmpty() ? new String[0] : parts[2].split(" ");
                if (vals.length != count) {
                    throw new IOException(resource + ":" + lineNo + ": tensor " + parts[0] + " has shape " + parts[1]
                            + " but " + vals.length + " values");
                }
                double[] v = new double[count];
                for (int i = 0; i < count; i++) {
                    v[i] = Double.parseDouble(vals[i]);
                }
                map.put(parts[0], v);
            }
        }
        return new KernelFixture(resource, map);
    }

    /** The tensor called {@code name}, in float64. */
    double[] doubles(String name) {
        double[] v = tensors.get(name);
        if (v == null) {
            throw new IllegalArgumentException("fixture " + resource + " has no tensor " + name);
        }
        return v;
    }

    /** The tensor called {@code name}, rounded to float32 (inputs are float32-exact). */
    float[] floats(String name) {
        double[] v = doubles(name);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** The tensor called {@code name} as integers (sizes and geometry). */
    int[] ints(String name) {
        double[] v = doubles(name);
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (int) v[i];
        }
        return r;
    }

    /** Names of the cases: the distinct prefixes before the first dot. */
    java.util.List<String> cases() {
        return tensors.keySet().stream().map(k -> k.substring(0, k.indexOf('.'))).distinct().toList();
    }
}
