package org.dadda.tensor.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesAllValueKinds() {
        Object v = Json.parse(" {\"b\": [1, -2.5e3, 0.125, true, false, null], \"a\": \"x\\u00e9\\n\\\"\\/\", "
                + "\"big\": 123456789012345678901234567890, \"long\": -9223372036854775808, \"e\": {}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("b", "a", "big", "long", "e"), new ArrayList<>(m.keySet()), "document order");
        List<?> b = (List<?>) m.get("b");
        assertEquals(1L, b.get(0));
        assertEquals(-2500.0, b.get(1));
        assertEquals(0.125, b.get(2));
        assertEquals(Boolean.TRUE, b.get(3));
        assertEquals(Boolean.FALSE, b.get(4));
        assertNull(b.get(5));
        assertEquals("x\u00e9\n\"/", m.get("a"));
        assertEquals(new BigInteger("123456789012345678901234567890"), m.get("big"));
        assertEquals(Long.MIN_VALUE, m.get("long"));
        assertEquals(Map.of(), m.get("e"));
    }

    @Test
    void surrogatePairEscape() {
        assertEquals("\uD83D\uDE00", Json.parse("\"\\ud83d\\ude00\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "NaN",
        "Infinity", "[1] x", "{\"a\" 1}", "{a:1}", "'s'", "\"tab\there\"", "\"\\x\"", "\"\\u12g4\"", "\"open",
        "tru", "nul", "{\"a\":1,\"a\":2}", "1e400", "[1 2]", "// c\n1"})
    void rejectsInvalidText(String text) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().contains("line"), e.getMessage());
    }

    @Test
    void errorNamesLineAndColumn() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\n  \"a\": [1,\n  2,,]\n}"));
        assertTrue(e.getMessage().contains("line 3, column 5"), e.getMessage());
        assertEquals(17, e.offset());
    }

    @Test
    void rejectsExcessiveNesting() {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThrows(JsonException.class, () -> Json.parse(deep));
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertEquals(ArrayList.class, Json.parse(ok).getClass());
    }

    @Test
    void writesCompactWithStableKeyOrder() {
        Map<String, Object> linked = new LinkedHashMap<>();
        linked.put("z", 1);
        linked.put("a", List.of(0.1f, 2.5, -3L, true));
        Map<String, Object> hash = new HashMap<>();
        hash.put("b", null);
        hash.put("a", "q\"\\\n\u0001");
        linked.put("h", hash);
        linked.put("arr", new double[] {1, 0.5});
        linked.put("ints", new int[] {1, 2});
        linked.put("t", new TreeMap<>(Map.of("y", 1, "x", 2)));
        assertEquals("{\"z\":1,\"a\":[0.1,2.5,-3,true],\"h\":{\"a\":\"q\\\"\\\\\\n\\u0001\",\"b\":null},"
                + "\"arr\":[1.0,0.5],\"ints\":[1,2],\"t\":{\"x\":2,\"y\":1}}", Json.write(linked));
    }

    @Test
    void prettyOutputParsesBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "r\u00e9sum\u00e9");
        m.put("values", List.of(1L, 2.75, List.of(), Map.of()));
        m.put("nested", new LinkedHashMap<>(Map.of("k", List.of("v"))));
        String pretty = Json.writePretty(m);
        assertEquals("{\n  \"name\": \"r\u00e9sum\u00e9\",\n  \"values\": [\n    1,\n    2.75,\n    [],\n    {}\n  ],\n"
                + "  \"nested\": {\n    \"k\": [\n      \"v\"\n    ]\n  }\n}", pretty);
        assertEquals(m, Json.parse(pretty));
        assertEquals(m, Json.parse(Json.write(m)));
    }

    @Test
    void doublesRoundTripExactly() {
        double[] values = {0.1, 1e-300, 1.7976931348623157e308, -2.2250738585072014e-308, 123456.789, 1e23, 5e-324};
        for (double d : values) {
            assertEquals(d, (Double) Json.parse(Json.write(d)));
        }
        assertEquals("0.1", Json.write(0.1f));
    }

    @Test
    void rejectsUnwritableValues() {
        assertThrows(JsonException.class, () -> Json.write(Double.NaN));
        assertThrows(JsonException.class, () -> Json.write(List.of(Float.POSITIVE_INFINITY)));
        assertThrows(JsonException.class, () -> Json.write(Map.of(1, 2)));
        JsonException e = assertThrows(JsonException.class, () -> Json.write(Map.of("k", new Object())));
        assertTrue(e.getMessage().startsWith("$.k: cannot write"), e.getMessage());
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThrows(JsonException.class, () -> Json.write(cyclic));
    }

    @Test
    void loneSurrogateIsEscaped() {
        assertEquals("\"a\\ud800b\"", Json.write("a\uD800b"));
        assertEquals("a\uD800b", Json.parse(Json.write("a\uD800b")));
    }

    @Test
    void fileRoundTripIsAtomicAndStrictUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Map<String, Object> m = new LinkedHashMap<>(Map.of("lr", 1e-4));
        Json.writeFile(file, m);
        assertEquals(m, Json.read(file));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file left behind");
        }
        Files.write(file, new byte[] {'"', (byte) 0xff, '"'});
        assertThrows(java.io.IOException.class, () -> Json.read(file));
        Files.writeString(file, "{\"a\":}");
        JsonException e = assertThrows(JsonException.class, () -> Json.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void parseWithASourceNamesItInErrors() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"quoted\"\nline\\");
        m.put("n", 42L);
        m.put("x", 0.25);
        m.put("list", List.of(1L, 2L, 3L));
        m.put("nested", Map.of("ok", true));
        m.put("none", null);
        assertEquals(m, Json.parse(Json.writePretty(m), "test"));
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\"a\": [1, 2,}", "split.json"));
        assertTrue(e.getMessage().startsWith("split.json: "), e.getMessage());
        assertTrue(e.getMessage().contains("line 1, column 13"), e.getMessage());
        assertEquals(12, e.offset());
        assertThrows(JsonException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}", "dup"));
        assertThrows(JsonException.class, () -> Json.parse("[1] x", "trailing"));
        assertEquals("\u00e9", Json.parse("\"\\u00e9\"", "u"));
    }

    @Test
    void typedAccessorsTakeParsedValuesApart() {
        Object v = Json.parse("{\"o\": {\"k\": \"s\"}, \"a\": [1, 2.5, -3e2], \"n\": 7}");
        Map<String, Object> root = Json.object(v, "root");
        assertEquals("s", Json.string(Json.object(root.get("o"), "o").get("k"), "o.k"));
        assertEquals(3, Json.array(root.get("a"), "a").size());
        assertArrayEquals(new double[] {1, 2.5, -300}, Json.doubles(root.get("a"), "a"));
        assertEquals(7L, Json.number(root.get("n"), "n"));
    }

    @Test
    void typedAccessorsNameTheFieldOfTheWrongType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.object(List.of(), "cfg"));
        assertEquals("cfg: expected an object, got an array", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.array(null, "cfg.list"));
        assertEquals("cfg.list: expected an array, got null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.string(3L, "name"));
        assertEquals("name: expected a string, got a number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.number("3", "seed"));
        assertEquals("seed: expected a number, got a string", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.doubles(List.of(1L, "x"), "input"));
        assertEquals("input[1]: expected a number, got a string", e.getMessage());
    }

    @Test
    void writeFileCreatesMissingFolders(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a/b/split.json");
        Json.writeFile(file, Map.of("k", 1));
        assertEquals("{\n  \"k\": 1\n}\n", Files.readString(file));
    }

    @Test
    void decodeUtf8IsStrictAndNamesTheSource() throws Exception {
        assertEquals("r\u00e9", Json.decodeUtf8("r\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8), "x"));
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> Json.decodeUtf8(new byte[] {'a', (byte) 0xc3}, "model header"));
        assertTrue(e.getMessage().startsWith("model header: not valid UTF-8"), e.getMessage());
    }
}
