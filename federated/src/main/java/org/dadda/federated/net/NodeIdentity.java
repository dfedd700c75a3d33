package org.dadda.federated.net;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Puts the calling node's id, the common name of its client certificate (which the server's CA
 * signed, or the TLS handshake would have failed), into the call's {@link Context}: the server
 * believes the certificate, never a name a message carries. Without TLS (explicit
 * {@code --insecure}) there is no certificate and the key holds null.
 */
final class NodeIdentity implements ServerInterceptor {
    /** The node id of the current call, or null without TLS. */
    static final Context.Key<String> KEY = Context.key("dadda-node");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        String node = null;
        if (session != null) {
            try {
                Certificate[] chain = session.getPeerCertificates();
                if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
                    node = Pki.commonName(x);
                }
            } catch (SSLPeerUnverifiedException e) {
                node = null;
            }
        }
        return Contexts.interceptCall(Context.current().withValue(KEY, node), call, headers, next);
    }
}
