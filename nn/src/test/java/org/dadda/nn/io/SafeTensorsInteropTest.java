package org.dadda.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.tensor.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the file written by src/test/python/make_safetensors_fixtures.py (tensors made with
 * torch, F32/F16/BF16) and compares with torch's own float conversion. With
 * {@code -Ddadda.safetensors.export=FILE} it also writes {@link #javaTensors()} to FILE for the
 * script's {@code --check-java} step.
 */
class SafeTensorsInteropTest {

    @TempDir
    Path dir;

    private Path resource(String name) throws Exception {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/fixtures/safetensors/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private static float decode(Object v) {
        if (v instanceof String) {
            return Float.parseFloat((String) v); // "NaN", "Infinity", "-Infinity"
        }
        double d = ((Number) v).doubleValue();
        return (float) d;
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsTorchWrittenFile() throws Exception {
        SafeTensorsFile file = SafeTensors.read(resource("torch_written.safetensors"));
        Map<String, Object> expected = (Map<String, Object>) Json.parse(
                Files.readString(resource("torch_expected.json"), StandardCharsets.UTF_8));
        assertEquals(expected.get("metadata"), file.metadata());
        List<String> names = new ArrayList<>();
        for (Object o : (List<Object>) expected.get("tensors")) {
            Map<String, Object> t = (Map<String, Object>) o;
            String name = (String) t.get("name");
            names.add(name);
            TensorEntry entry = file.get(name);
            List<Object> shape = (List<Object>) t.get("shape");
            assertArrayEquals(shape.stream().mapToInt(x -> ((Number) x).intValue()).toArray(), entry.shape(), name);
            assertEquals(t.get("dtype"), file.dtype(name));
            List<Object> values = (List<Object>) t.get("values");
            assertEquals(values.size(), entry.size(), name);
            for (int i = 0; i < values.size(); i++) {
                float want = decode(values.get(i));
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(entry.data()[i]),
                        name + "[" + i + "]: expected " + want + " got " + entry.data()[i]);
            }
        }
        // Entries come in data order, which the script made the reverse of the header's key order.
        assertEquals(names, new ArrayList<>(file.entries().keySet()));
    }

    /** Mirror of java_tensors() in make_safetensors_fixtures.py. */
    static Map<String, TensorEntry> javaTensors() {
        float[] w = new float[12];
        for (int i = 0; i < 12; i++) {
            w[i] = i * 0.25f - 1f;
        }
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        tensors.put("layer.weight", new TensorEntry("layer.weight", new int[] {3, 4}, w));
        tensors.put("layer.bias", new TensorEntry("layer.bias", new int[] {4}, new float[] {1.5f, -0.0f, 1e-3f, 65536f}));
        tensors.put("scale", new TensorEntry("scale", new int[0], new float[] {-7.125f}));
        tensors.put("nothing", new TensorEntry("nothing", new int[] {2, 0}, new float[0]));
        return tensors;
    }

    @Test
    void writesFileForPythonCheck() throws Exception {
        String export = System.getProperty("dadda.safetensors.export");
        Path target = export == null ? dir.resolve("from_java.safetensors") : Path.of(export);
        Map<String, String> metadata = Map.of("producer", "dadda-java", "epoch", "3");
        SafeTensors.write(target, javaTensors(), metadata);
        SafeTensorsFile back = SafeTensors.read(target);
        assertEquals(javaTensors(), back.entries());
        assertEquals(metadata, back.metadata());
    }
}
