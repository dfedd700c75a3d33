package org.dadda.cuda;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link Device} whose kernels are the CUDA C sources compiled for the host ({@link HostKernels}),
 * driven over a pipe (the protocol is described in src/test/emulator/emulator.cpp). Addresses are
 * the emulator's host pointers, so argument packing and offsets travel exactly as to a GPU;
 * fresh memory holds NaN, so a kernel that reads what nobody wrote shows.
 */
final class EmulatedDevice implements Device {
    private final Process process;
    private final OutputStream out;
    private final DataInputStream in;

    EmulatedDevice(Path binary) throws IOException {
        process = new ProcessBuilder(binary.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = process.getOutputStream();
        in = new DataInputStream(process.getInputStream());
    }

    @Override
    public String describe() {
        return "the host kernel emulator";
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Sends one command and waits for its status; returns the reply's payload of {@code replyBytes}. */
    private synchronized ByteBuffer call(ByteBuffer command, int replyBytes) {
        try {
            out.write(command.array(), 0, command.position());
            out.flush();
            int status = in.read();
            if (status != 0) {
                byte[] len = new byte[4];
                in.readFully(len);
                byte[] message = new byte[ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt()];
                in.readFully(message);
                throw new IllegalStateException("emulator: " + (status < 0 ? "exited"
                        : new String(message, StandardCharsets.UTF_8)));
            }
            byte[] reply = new byte[replyBytes];
            in.readFully(reply);
            return ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("emulator pipe", e);
        }
    }

    @Override
    public long allocate(long bytes) {
        return call(buffer(9).put((byte) 'A').putLong(bytes), 8).getLong();
    }

    @Override
    public void free(long address) {
        if (process.isAlive()) {
            call(buffer(9).put((byte) 'F').putLong(address), 0);
        }
    }

    @Override
    public void upload(long address, float[] src, int off, int n) {
        ByteBuffer b = buffer(17 + 4 * n).put((byte) 'U').putLong(address).putLong(4L * n);
        b.asFloatBuffer().put(src, off, n);
        b.position(b.position() + 4 * n);
        call(b, 0);
    }

    @Override
    public void upload(long address, int[] src) {
        ByteBuffer b = buffer(17 + 4 * src.length).put((byte) 'U').putLong(address).putLong(4L * src.length);
        b.asIntBuffer().put(src);
        b.position(b.position() + 4 * src.length);
        call(b, 0);
    }

    @Override
    public void download(long address, float[] dst) {
        call(buffer(17).put((byte) 'D').putLong(address).putLong(4L * dst.length), 4 * dst.length).asFloatBuffer().get(dst);
    }

    @Override
    public void download(long address, int[] dst) {
        call(buffer(17).put((byte) 'D').putLong(address).putLong(4L * dst.length), 4 * dst.length).asIntBuffer().get(dst);
    }

    @Override
    public void launch(KernelSpec spec, LaunchGeometry g, KernelArgs args) {
        byte[] name = spec.name().getBytes(StandardCharsets.US_ASCII);
        List<Object> values = args.values();
        int size = 1 + 4 + name.length + 4 * 6;
        for (Param p : args.types()) {
            size += 4 + p.bytes();
        }
        ByteBuffer b = buffer(size).put((byte) 'L').putInt(name.length).put(name).putInt(g.gridX()).putInt(g.gridY())
                .putInt(g.gridZ()).putInt(g.block()).putInt(g.sharedBytes()).putInt(values.size());
        for (Object v : values) {
            if (v instanceof Long address) {
                b.putInt(8).putLong(address);
            } else if (v instanceof Integer n) {
                b.putInt(4).putInt(n);
            } else if (v instanceof Float x) {
                b.putInt(4).putFloat(x);
            } else {
                int[] fields = (int[]) v;
                b.putInt(4 * fields.length);
                for (int f : fields) {
                    b.putInt(f);
                }
            }
        }
        call(b, 0);
    }
}
