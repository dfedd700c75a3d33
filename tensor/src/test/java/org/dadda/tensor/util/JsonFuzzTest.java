package org.dadda.tensor.util;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * The JSON parser on arbitrary bytes: it returns a value or throws {@link JsonException} (or an
 * {@link IOException} for bytes that are not UTF-8) naming the source; nothing else, no hang.
 * Seeds: {@code JsonFuzzTestInputs/parse/}.
 */
class JsonFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) throws IOException {
        String text;
        try {
            text = Json.decodeUtf8(data, "fuzz.json");
        } catch (IOException e) {
            FuzzChecks.names(e, "fuzz.json");
            return;
        }
        try {
            Object v = Json.parse(text, "fuzz.json");
            // What parses must write back and parse to the same value.
            Object again = Json.parse(Json.write(v), "again");
            if (!String.valueOf(again).equals(String.valueOf(Json.parse(Json.write(again), "twice")))) {
                throw new AssertionError("JSON does not round-trip: " + Json.write(v));
            }
        } catch (JsonException e) {
            FuzzChecks.names(e, "fuzz.json");
        }
    }
}
