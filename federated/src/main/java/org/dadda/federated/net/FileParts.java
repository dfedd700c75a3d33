package org.dadda.federated.net;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.dadda.federated.net.proto.FilePart;

/** Files cut into {@link FilePart}s of at most {@link UploadLimits#PART_BYTES}, in order. */
final class FileParts {
    private FileParts() {
    }

    /** Sends {@code file} as parts named {@code path}: at least one, so that an empty file arrives too. */
    static void send(Path file, String path, Consumer<FilePart> out) throws IOException {
        byte[] buf = new byte[UploadLimits.PART_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            boolean first = true;
            while (true) {
                int n = in.readNBytes(buf, 0, buf.length);
                if (n == 0 && !first) {
                    break;
                }
                out.accept(FilePart.newBuilder().setPath(path).setData(ByteString.copyFrom(buf, 0, n)).build());
                first = false;
                if (n < buf.length) {
                    break;
                }
            }
        }
    }
}
