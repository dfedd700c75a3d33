package org.dadda.federated.net;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One side's TLS material, from a {@link Pki} folder: the CA that signs every party, and this
 * party's certificate and key.
 *
 * @param ca the CA certificate (PEM)
 * @param cert this party's certificate (PEM)
 * @param key this party's private key (PKCS#8 PEM)
 */
public record TlsIdentity(Path ca, Path cert, Path key) {

    /** The files of {@code name} in the {@link Pki} folder {@code dir}; each must exist. */
    public static TlsIdentity in(Path dir, String name) {
        TlsIdentity t = new TlsIdentity(Pki.caCert(dir), Pki.cert(dir, name), Pki.key(dir, name));
        for (Path p : new Path[] {t.ca, t.cert, t.key}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("TLS file " + p + " is missing (make it with dadda pki; see federated/README.md)");
            }
        }
        return t;
    }

    /** The server's context: it presents its certificate and accepts only clients the CA signed. */
    SslContext serverContext() {
        try {
            return GrpcSslContexts.forServer(cert.toFile(), key.toFile()).trustManager(ca.toFile())
                    .clientAuth(ClientAuth.REQUIRE).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up TLS from " + cert + " and " + key + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + cert + " and " + key + ": " + e.getMessage(), e);
        }
    }

    /** A node's context: it presents its certificate and trusts only servers the CA signed. */
    SslContext clientContext() {
        try {
            return GrpcSslContexts.forClient().trustManager(ca.toFile()).keyManager(cert.toFile(), key.toFile()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up TLS from " + cert + " and " + key + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + cert + " and " + key + ": " + e.getMessage(), e);
        }
    }
}
