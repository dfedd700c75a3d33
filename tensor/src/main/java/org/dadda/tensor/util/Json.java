package org.dadda.tensor.util;

import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * A small, strict JSON (RFC 8259) reader and writer with no dependencies.
 *
 * <p><b>Reading</b> maps JSON to plain Java values: object to {@link LinkedHashMap}
 * {@code <String, Object>} (document order), array to {@link ArrayList}, string to {@link String},
 * {@code true}/{@code false} to {@link Boolean}, {@code null} to {@code null}, and numbers to
 * {@link Long} (integers that fit), {@link BigInteger} (larger integers) or {@link Double}
 * (anything with a fraction or exponent). It is strict: no comments, trailing commas, leading zeros,
 * NaN/Infinity, raw control characters in strings, duplicate keys, trailing content, or nesting
 * deeper than {@value #MAX_DEPTH}; every error is a {@link JsonException} naming line and column.
 *
 * <p><b>Writing</b> accepts {@code null}, {@link Boolean}, {@link CharSequence}, {@link Character},
 * {@link Number} (finite only; floats are written with {@link Float#toString} so {@code 0.1f}
 * stays {@code 0.1}), {@link Map} with {@link String} keys, {@link Iterable}, object arrays and
 * primitive arrays ({@code char[]} as a string). Key order is stable: a {@link LinkedHashMap} or {@link SortedMap} is written in
 * its iteration order, any other map sorted by key. Non-ASCII text is written as is (the output is
 * meant to be stored as UTF-8); lone surrogates and control characters are escaped.
 *
 * <p><b>Typed access</b>: {@link #object}, {@link #array}, {@link #string}, {@link #number} and
 * {@link #doubles} take a parsed value apart, with an {@link IllegalArgumentException} naming the
 * field at fault when a file holds the wrong kind of value.
 */
public final class Json {

    /** The deepest nesting of arrays and objects accepted by the parser. */
    public static final int MAX_DEPTH = 512;

    private Json() {
    }

    /**
     * Parses one JSON value.
     *
     * @param text the JSON text; leading and trailing whitespace is allowed
     * @return the value, as described in the class documentation
     * @throws JsonException if the text is not exactly one valid JSON value
     */
    public static Object parse(CharSequence text) {
        Parser parser = new Parser(text);
        parser.skipWhitespace();
        Object value = parser.value(0);
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected content after the JSON value");
        }
        return value;
    }

    /**
     * Parses one JSON value whose errors name where the text came from.
     *
     * @param text the JSON text; leading and trailing whitespace is allowed
     * @param source what the text is, such as the file it was read from; it starts every error
     *     message
     * @return the value, as described in the class documentation
     * @throws JsonException naming {@code source}, the line and the column if the text is not
     *     exactly one valid JSON value
     */
    public static Object parse(CharSequence text, String source) {
        try {
            return parse(text);
        } catch (JsonException e) {
            throw new JsonException(source + ": " + e.getMessage(), e.offset());
        }
    }

    /**
     * Reads and parses a UTF-8 JSON file.
     *
     * @param file the file
     * @return the value
     * @throws IOException if the file cannot be read or is not valid UTF-8
     * @throws JsonException (naming the file) if its content is not valid JSON
     */
    public static Object read(Path file) throws IOException {
        return parse(decodeUtf8(Files.readAllBytes(file), file.toString()), file.toString());
    }

    /**
     * Writes a value as compact JSON (no whitespace).
     *
     * @param value the value
     * @return the JSON text
     * @throws JsonException if the value (or something inside it) cannot be written
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        new Writer(out, null).value(value, "$", 0);
        return out.toString();
    }

    /**
     * Writes a value as indented JSON (two spaces per level, one member or element per line).
     *
     * @param value the value
     * @return the JSON text, without a final newline
     * @throws JsonException if the value cannot be written
     */
    public static String writePretty(Object value) {
        StringBuilder out = new StringBuilder();
        new Writer(out, "  ").value(value, "$", 0);
        return out.toString();
    }

    /**
     * Writes a value as indented UTF-8 JSON to a file, atomically (temporary file, then rename),
     * creating missing parent folders.
     *
     * @param file the target file
     * @param value the value
     * @throws IOException if writing fails
     * @throws JsonException if the value cannot be written
     */
    public static void writeFile(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, writePretty(value) + "\n");
    }

    /**
     * Writes a string as a JSON string literal (with quotes).
     *
     * @param text the string
     * @return the quoted, escaped literal
     */
    public static String quote(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        Writer.string(out, text);
        return out.toString();
    }

    /**
     * A parsed value as a JSON object.
     *
     * @param value a value returned by the parser (or an element of one)
     * @param what names the value in the error message, such as {@code "split.json train"}
     * @return the object's members, in document order
     * @throws IllegalArgumentException naming {@code what} if the value is not an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value, String what) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw wrongType(what, "an object", value);
    }

    /**
     * A parsed value as a JSON array.
     *
     * @param value a value returned by the parser (or an element of one)
     * @param what names the value in the error message
     * @return the elements
     * @throws IllegalArgumentException naming {@code what} if the value is not an array
     */
    @SuppressWarnings("unchecked")
    public static List<Object> array(Object value, String what) {
        if (value instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw wrongType(what, "an array", value);
    }

    /**
     * A parsed value as a JSON string.
     *
     * @param value a value returned by the parser (or an element of one)
     * @param what names the value in the error message
     * @return the string
     * @throws IllegalArgumentException naming {@code what} if the value is not a string
     */
    public static String string(Object value, String what) {
        if (value instanceof String s) {
            return s;
        }
        throw wrongType(what, "a string", value);
    }

    /**
     * A parsed value as a JSON number.
     *
     * @param value a value returned by the parser (or an element of one)
     * @param what names the value in the error message
     * @return the number ({@link Long}, {@link BigInteger} or {@link Double})
     * @throws IllegalArgumentException naming {@code what} if the value is not a number
     */
    public static Number number(Object value, String what) {
        if (value instanceof Number n) {
            return n;
        }
        throw wrongType(what, "a number", value);
    }

    /**
     * A parsed JSON array of numbers as doubles.
     *
     * @param value a value returned by the parser (or an element of one)
     * @param what names the value in the error message; a bad element is named {@code what[i]}
     * @return the numbers, in order
     * @throws IllegalArgumentException naming the value or element if it is not an array of numbers
     */
    public static double[] doubles(Object value, String what) {
        List<Object> list = array(value, what);
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(list.get(i), what + "[" + i + "]").doubleValue();
        }
        return out;
    }

    private static IllegalArgumentException wrongType(String what, String expected, Object value) {
        return new IllegalArgumentException(what + ": expected " + expected + ", got " + kind(value));
    }

    /** The JSON kind of a parsed value, as an error message names it. */
    private static String kind(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof Map) {
            return "an object";
        } else if (value instanceof List) {
            return "an array";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Number) {
            return "a number";
        } else if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a " + value.getClass().getName();
    }

    /**
     * Decodes bytes as strict UTF-8: malformed input is an error rather than replacement
     * characters, so a corrupt file is not silently read as different text.
     *
     * @param bytes the encoded text
     * @param source names the bytes (such as a file) in the error message
     * @return the text
     * @throws IOException naming {@code source} if the bytes are not valid UTF-8
     */
    public static String decodeUtf8(byte[] bytes, String source) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(source + ": not valid UTF-8 (" + e.getMessage() + ")", e);
        }
    }

    private static final class Parser {
        private final CharSequence text;
        private int pos;

        Parser(CharSequence text) {
            if (text == null) {
                throw new JsonException("JSON text is null", -1);
            }
            this.text = text;
        }

        JsonException error(String message) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < pos && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new JsonException(message + " at line " + line + ", column " + column + " (offset " + pos + ")", pos);
        }

        void skipWhitespace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        Object value(int depth) {
            if (pos >= text.length()) {
                throw error("unexpected end of input, expected a value");
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{':
                    return object(depth + 1);
                case '[':
                    return array(depth + 1);
                case '"':
                    return string();
                case 't':
                    literal("true");
                    return Boolean.TRUE;
                case 'f':
                    literal("false");
                    return Boolean.FALSE;
                case 'n':
                    literal("null");
                    return null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("unexpected character '" + printable(c) + "', expected a value");
            }
        }

        private void literal(String word) {
            if (pos + word.length() > text.length() || !text.subSequence(pos, pos + word.length()).toString().equals(word)) {
                throw error("invalid literal, expected '" + word + "'");
            }
            pos += word.length();
        }

        private Map<String, Object> object(int depth) {
            checkDepth(depth);
            pos++;
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a string key");
                }
                int keyPos = pos;
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                Object value = value(depth);
                if (map.containsKey(key)) {
                    pos = keyPos;
                    throw error("duplicate key " + quote(key));
                }
                map.put(key, value);
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == '}') {
                    pos++;
                    return map;
                } else {
                    throw error("expected ',' or '}' in object");
                }
            }
        }

        private List<Object> array(int depth) {
            checkDepth(depth);
            pos++;
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipWhitespace();
                list.add(value(depth));
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == ']') {
                    pos++;
                    return list;
                } else {
                    throw error("expected ',' or ']' in array");
                }
            }
        }

        private void checkDepth(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
        }

        private char peek() {
            if (pos >= text.length()) {
                throw error("unexpected end of input");
            }
            return text.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private String string() {
            pos++;
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    pos++;
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("raw control character U+" + String.format("%04X", (int) c) + " in string");
                }
                if (c != '\\') {
                    out.append(c);
                    pos++;
                    continue;
                }
                pos++;
                char e = peek();
                pos++;
                switch (e) {
                    case '"': out.append('"'); break;
                    case '\\': out.append('\\'); break;
                    case '/': out.append('/'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'n': out.append('\n'); break;
                    case 'r': out.append('\r'); break;
                    case 't': out.append('\t'); break;
                    case 'u': out.append(hex4()); break;
                    default:
                        pos--;
                        throw error("invalid escape '\\" + printable(e) + "'");
                }
            }
        }

        private char hex4() {
            if (pos + 4 > text.length()) {
                throw error("truncated \\u escape");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(text.charAt(pos), 16);
                if (d < 0) {
                    throw error("invalid hex digit in \\u escape");
                }
                v = v * 16 + d;
                pos++;
            }
            return (char) v;
        }

        private Number number() {
            int start = pos;
            if (text.charAt(pos) == '-') {
                pos++;
            }
            if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                throw error("invalid number: expected a digit");
            }
            if (text.charAt(pos) == '0') {
                pos++;
                if (pos < text.length() && isDigit(text.charAt(pos))) {
                    throw error("invalid number: leading zero");
                }
            } else {
                digits();
            }
            boolean integral = true;
            if (pos < text.length() && text.charAt(pos) == '.') {
                integral = false;
                pos++;
                if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                    throw error("invalid number: expected a digit after '.'");
                }
                digits();
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                integral = false;
                pos++;
                if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                    throw error("invalid number: expected a digit in the exponent");
                }
                digits();
            }
            String literal = text.subSequence(start, pos).toString();
            if (integral) {
                if (literal.length() <= 18) {
                    return Long.parseLong(literal);
                }
                BigInteger big = new BigInteger(literal);
                return big.bitLength() < 64 ? (Number) big.longValue() : big;
            }
            double d = Double.parseDouble(literal);
            if (Double.isInfinite(d)) {
                pos = start;
                throw error("number " + literal + " is outside the range of a double");
            }
            return d;
        }

        private void digits() {
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static String printable(char c) {
            return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        }
    }

    private static final class Writer {
        private final StringBuilder out;
        private final String indent;

        Writer(StringBuilder out, String indent) {
            this.out = out;
            this.indent = indent;
        }

        void value(Object v, String path, int depth) {
            if (depth > MAX_DEPTH) {
                throw new JsonException(path + ": nesting deeper than " + MAX_DEPTH + " (cyclic structure?)", -1);
            }
            if (v == null) {
                out.append("null");
            } else if (v instanceof Boolean) {
                out.append(v.toString());
            } else if (v instanceof CharSequence || v instanceof Character) {
                string(out, v.toString());
            } else if (v instanceof Number) {
                number((Number) v, path);
            } else if (v instanceof Map) {
                map((Map<?, ?>) v, path, depth);
            } else if (v instanceof List) {
                List<?> items = (List<?>) v;
                sequence(items.size(), items::get, path, depth);
            } else if (v instanceof Iterable) {
                List<Object> items = new ArrayList<>();
                for (Object item : (Iterable<?>) v) {
                    items.add(item);
                }
                sequence(items.size(), items::get, path, depth);
            } else if (v instanceof Object[]) {
                Object[] a = (Object[]) v;
                sequence(a.length, i -> a[i], path, depth);
            } else if (v instanceof char[]) {
                string(out, new String((char[]) v));
            } else if (v.getClass().isArray()) {
                sequence(Array.getLength(v), i -> Array.get(v, i), path, depth);
            } else {
                throw new JsonException(path + ": cannot write a " + v.getClass().getName() + " as JSON", -1);
            }
        }

        private void number(Number n, String path) {
            if (n instanceof Double || n instanceof Float) {
                double d = n.doubleValue();
                if (!Double.isFinite(d)) {
                    throw new JsonException(path + ": " + d + " is not a valid JSON number", -1);
                }
                out.append(n instanceof Float ? Float.toString(n.floatValue()) : Double.toString(d));
            } else if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                    || n instanceof BigInteger) {
                out.append(n.toString());
            } else if (n instanceof BigDecimal) {
                out.append(((BigDecimal) n).toString());
            } else {
                throw new JsonException(path + ": cannot write a " + n.getClass().getName() + " as JSON", -1);
            }
        }

        private void map(Map<?, ?> map, String path, int depth) {
            Iterable<? extends Map.Entry<?, ?>> entries;
            if (map instanceof LinkedHashMap || map instanceof SortedMap) {
                entries = map.entrySet();
            } else {
                TreeMap<String, Object> sorted = new TreeMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    sorted.put(key(e.getKey(), path), e.getValue());
                }
                entries = sorted.entrySet();
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : entries) {
                String key = key(e.getKey(), path);
                if (!first) {
                    out.append(',');
                }
                first = false;
                newline(depth + 1);
                string(out, key);
                out.append(indent == null ? ":" : ": ");
                value(e.getValue(), path + "." + key, depth + 1);
            }
            if (!first) {
                newline(depth);
            }
            out.append('}');
        }

        private static String key(Object key, String path) {
            if (!(key instanceof String)) {
                throw new JsonException(path + ": map key " + key + " is not a String", -1);
            }
            return (String) key;
        }

        private void sequence(int size, IntFunction<Object> element, String path, int depth) {
            out.append('[');
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    out.append(',');
                }
                newline(depth + 1);
                value(element.apply(i), path + "[" + i + "]", depth + 1);
            }
            if (size > 0) {
                newline(depth);
            }
            out.append(']');
        }

        private void newline(int depth) {
            if (indent == null) {
                return;
            }
            out.append('\n');
            for (int i = 0; i < depth; i++) {
                out.append(indent);
            }
        }

        static void string(StringBuilder out, CharSequence s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"': out.append("\\\""); break;
                    case '\\': out.append("\\\\"); break;
                    case '\n': out.append("\\n"); break;
                    case '\r': out.append("\\r"); break;
                    case '\t': out.append("\\t"); break;
                    case '\b': out.append("\\b"); break;
                    case '\f': out.append("\\f"); break;
                    default:
                        if (c < 0x20 || isLoneSurrogate(s, i)) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                }
            }
            out.append('"');
        }

        private static boolean isLoneSurrogate(CharSequence s, int i) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
            }
            if (Character.isLowSurrogate(c)) {
                return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
            }
            return false;
        }
    }

}
