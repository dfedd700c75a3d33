package org.dadda.federated.net;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.dadda.federated.net.proto.FilePart;

/** Files cut into parts of at most {@link UploadLimits#PART_BYTES}, in order. */
final class FileParts {
    private FileParts() {
    }

    /** Sends {@code file} as parts named {@code path}: at least one, so that an empty file arrives too. */
    static void send(Path file, String path, Consumer<FilePart> out) throws IOException {
        chunks(file, data -> out.accept(FilePart.newBuilder().setPath(path).setData(data).build()));
    }

    /** Sends the bytes of {@code file} in chunks: at least one, so that an empty file arrives too. */
    static void chunks(Path file, Consumer<ByteString> out) throws IOException {
        byte[] buf = new byte[UploadLimits.PART_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            boolean first = true;
            while (true) {
                int n = in.readNBytes(buf, 0, buf.length);
                if (n == 0 && !first) {
                    break;
                }
                out.accept(ByteString.copyFrom(buf, 0, n));
                first = false;
                if (n < buf.length) {
                    break;
                }
            }
        }
    }
}
