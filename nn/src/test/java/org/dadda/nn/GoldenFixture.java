package org.dadda.nn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dadda.tensor.Tensor;

/**
 * A golden fixture written by {@code nn/src/test/python/fixture_io.py}: named float64 arrays with
 * shapes, one per line ({@code name TAB shape TAB values}).
 */
public final class GoldenFixture {
    private final String resource;
    private final LinkedHashMap<String, int[]> shapes = new LinkedHashMap<>();
    private final LinkedHashMap<String, double[]> values = new LinkedHashMap<>();

    private GoldenFixture(String resource) {
        this.resource = resource;
    }

    /** Reads the class-path resource {@code fixtures/<name>.txt}. */
    public static GoldenFixture load(String name) {
        String resource = "fixtures/" + name + ".txt";
        GoldenFixture f = new GoldenFixture(resource);
        try (InputStream in = GoldenFixture.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("fixture " + resource + " not found on the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", -1);
                if (parts.length != 3) {
                    throw new IllegalArgumentException(resource + ":" + lineNo + ": expected name, shape and values separated by tabs");
                }
                int[] shape = parts[1].isEmpty() ? new int[0] : java.util.Arrays.stream(parts[1].split(",")).mapToInt(Integer::parseInt).toArray();
                double[] v = parts[2].isEmpty() ? new double[0] : java.util.Arrays.stream(parts[2].split(" ")).mapToDouble(Double::parseDouble).toArray();
                int n = 1;
                for (int s : shape) {
                    n *= s;
                }
                if (n != v.length) {
                    throw new IllegalArgumentException(resource + ":" + lineNo + ": " + v.length + " values for shape " + parts[1]);
                }
                f.shapes.put(parts[0], shape);
                f.values.put(parts[0], v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
        return f;
    }

    /** Whether the fixture holds {@code name}. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The values of {@code name}. */
    public double[] values(String name) {
        double[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(resource + " has no entry '" + name + "'");
        }
        return v.clone();
    }

    /** The shape of {@code name}. */
    public int[] shape(String name) {
        values(name);
        return shapes.get(name).clone();
    }

    /** {@code name} as a tensor on the current backend. */
    public Tensor tensor(String name) {
        return Tensor.fromDoubles(values(name), shape(name));
    }

    /** {@code name} as integers (class targets stored as floats). */
    public int[] ints(String name) {
        double[] v = values(name);
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }

    /** Every entry whose name starts with {@code prefix}, keyed by the rest of the name, as tensors. */
    public Map<String, Tensor> withPrefix(String prefix) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (String k : values.keySet()) {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), tensor(k));
            }
        }
        return out;
    }

    /** The resource path, for messages. */
    public String resource() {
        return resource;
    }
}
