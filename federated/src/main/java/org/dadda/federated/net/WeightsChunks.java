package org.dadda.federated.net;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.dadda.federated.net.proto.Chunk;
import org.dadda.federated.net.proto.WeightsHeader;
import org.dadda.federated.privacy.Digests;
import org.dadda.federated.run.Files2;
import org.dadda.federated.transport.WeightsIo;
import org.dadda.tensor.Tensor;

/**
 * Weights on the wire ({@code fedavg.proto}): a safetensors file announced by a
 * {@link WeightsHeader} (its size and SHA-256), then its bytes in {@link Chunk}s. The receiver
 * writes the chunks to a file, refuses more bytes than announced or than its bound, and checks
 * the digest before anything reads the file.
 */
final class WeightsChunks {
    private WeightsChunks() {
    }

    /** Writes {@code state} to {@code file} (safetensors, atomically) and returns its header. */
    static WeightsHeader write(Path file, Map<String, Tensor> state) {
        WeightsIo.save(file, state, Map.of());
        return header(file);
    }

    /** The header of an existing weights file. */
    static WeightsHeader header(Path file) {
        try {
            return WeightsHeader.newBuilder().setBytes(Files.size(file)).setSha256(Files2.sha256(file)).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read weights " + file + ": " + e.getMessage(), e);
        }
    }

    /** Sends the bytes of {@code file} as chunks. */
    static void send(Path file, Consumer<Chunk> out) {
        try {
            FileParts.chunks(file, data -> out.accept(Chunk.newBuilder().setData(data).build()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read weights " + file + ": " + e.getMessage(), e);
        }
    }

    /** One weights file arriving: the announced size and digest, and what has come so far. */
    static final class Receiving {
        private final WeightsHeader header;
        private final Path file;
        private final String what;
        private final MessageDigest digest = Digests.sha256();
        private final OutputStream out;
        private long received;

        /**
         * Receives the file {@code header} announces into {@code file} (which must not exist).
         *
         * @param what names the weights in errors, e.g. "the update of client 3 for round 2 from node plant-a"
         * @throws IllegalArgumentException when the announced size exceeds {@code maxBytes}
         */
        Receiving(WeightsHeader header, Path file, long maxBytes, String what) {
            if (header.getBytes() < 1 || header.getBytes() > maxBytes) {
                throw new IllegalArgumentException(what + " announces " + header.getBytes() + " bytes; the limit is " + maxBytes);
            }
            if (!header.getSha256().matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(what + " announces no SHA-256 digest");
            }
            this.header = header;
            this.file = file;
            this.what = what;
            try {
                Files2.createDirectories(file.toAbsolutePath().getParent());
                this.out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store " + what + " in " + file + ": " + e.getMessage(), e);
            }
        }

        /** Appends one chunk. */
        void chunk(Chunk chunk) {
            received += chunk.getData().size();
            if (received > header.getBytes()) {
                throw new IllegalArgumentException(what + " sent more than the " + header.getBytes() + " bytes it announced");
            }
            try {
                for (var b : chunk.getData().asReadOnlyByteBufferList()) {
                    digest.update(b.duplicate());
                }
                chunk.getData().writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store " + what + " in " + file + ": " + e.getMessage(), e);
            }
        }

        /** Whether every announced byte has arrived. */
        boolean complete() {
            return received == header.getBytes();
        }

        /**
         * Closes the file and checks its size and digest.
         *
         * @return the received file
         * @throws IllegalArgumentException naming the weights when bytes are missing or the digest differs
         */
        Path finish() {
            close();
            if (!complete()) {
                throw new IllegalArgumentException(what + " ended after " + received + " of " + header.getBytes() + " bytes");
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            if (!sha.equals(header.getSha256())) {
                throw new IllegalArgumentException(what + " has SHA-256 " + sha + ", not the announced " + header.getSha256());
            }
            return file;
        }

        /** Closes and deletes the partial file. */
        void discard() {
            try {
                close();
            } catch (UncheckedIOException e) {
                // The file is being thrown away; a failing close changes nothing.
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
            }
        }

        private void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store " + what + " in " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The state dict in a received file, checked against {@code reference}'s entry names and shapes.
     *
     * @throws IllegalArgumentException naming {@code what} and the first entry at fault
     */
    static LinkedHashMap<String, Tensor> load(Path file, Map<String, Tensor> reference, String what) {
        LinkedHashMap<String, Tensor> state;
        try {
            state = WeightsIo.load(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a valid safetensors file: " + e.getMessage(), e);
        }
        if (!state.keySet().equals(reference.keySet())) {
            throw new IllegalArgumentException(what + " has entries " + state.keySet() + ", the global model has " + reference.keySet());
        }
        for (var e : reference.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue().shape(), state.get(e.getKey()).shape())) {
                throw new IllegalArgumentException(what + ": entry '" + e.getKey() + "' has shape "
                        + java.util.Arrays.toString(state.get(e.getKey()).shape()) + ", the global model's is "
                        + java.util.Arrays.toString(e.getValue().shape()));
            }
        }
        return state;
    }
}
