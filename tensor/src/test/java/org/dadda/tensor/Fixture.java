package org.dadda.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads a golden fixture: lines "name d0 d1 ..." each followed by a line of values. */
final class Fixture {
    private final Map<String, int[]> shapes = new HashMap<>();
    private final Map<String, float[]> values = new HashMap<>();
    private final String name;

    Fixture(String resource) throws IOException {
        this.name = resource;
        try (InputStream in = Fixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("fixture " + resource + " not on the test class path");
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i + 1 < lines.length; i += 2) {
                String[] head = lines[i].trim().split(" ");
                int[] shape = new int[head.length - 1];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = Integer.parseInt(head[d + 1]);
                }
                String body = lines[i + 1].trim();
                String[] parts = body.isEmpty() ? new String[0] : body.split(" ");
                float[] v = new float[parts.length];
                for (int j = 0; j < v.length; j++) {
                    v[j] = Float.parseFloat(parts[j]);
                }
                shapes.put(head[0], shape);
                values.put(head[0], v);
            }
        }
    }

    /** The named array as a tensor on the current backend. */
    Tensor tensor(String key) {
        return Tensor.fromArray(values(key), shapes.get(key));
    }

    float[] values(String key) {
        float[] v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("fixture " + name + " has no array '" + key + "'");
        }
        return v;
    }

    int[] ints(String key) {
        float[] v = values(key);
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.round(v[i]);
        }
        return r;
    }
}
