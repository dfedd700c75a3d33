package org.dadda.nn.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The safetensors reader on arbitrary bytes: it returns the tensors or throws an
 * {@link IOException} naming the file; nothing else, no hang, and no allocation beyond the file's
 * own size (a header cannot declare more data than the file holds). Seeds:
 * {@code SafeTensorsFuzzTestInputs/read/}.
 */
class SafeTensorsFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void read(byte[] data) throws IOException {
        Path file = Files.createTempFile("fuzz", ".safetensors");
        try {
            Files.write(file, data);
            try {
                SafeTensorsFile f = SafeTensors.read(file);
                long values = 0;
                for (TensorEntry e : f.entries().values()) {
                    values += e.data().length;
                }
                if (values * 2 > Math.max(16, data.length) * 4L) {
                    throw new AssertionError("read " + values + " values from " + data.length + " bytes");
                }
            } catch (IOException e) {
                if (e.getMessage() == null || !e.getMessage().contains(file.toString())) {
                    throw new AssertionError("error does not name the file: " + e, e);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
