package org.dadda.federated.transport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.dadda.federated.privacy.Digests;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.util.Json;

/** A SHA-256 fingerprint of a release's content (types, settings, every weight), to key the stages built on it. */
public final class ReleaseDigest {
    private ReleaseDigest() {
    }

    /** The fingerprint of {@code r}. */
    public static String of(ModelRelease r) {
        MessageDigest md = Digests.sha256();
        md.update((r.category() + "|" + r.defectTypes() + "|" + Json.write(org.dadda.federated.run.Files2.finiteJson(r.config())))
                .getBytes(StandardCharsets.UTF_8));
        for (String name : r.modelNames()) {
            md.update(name.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, Tensor> e : r.weights(name).entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                float[] v = e.getValue().toArray();
                ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                md.update(b.array());
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
