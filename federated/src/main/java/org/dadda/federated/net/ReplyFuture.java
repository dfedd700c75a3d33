package org.dadda.federated.net;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/**
 * The single reply of a client-streaming call, as a future: completed by the server's message,
 * or exceptionally by its refusal or by a stream that ends without a reply.
 */
final class ReplyFuture<T> extends CompletableFuture<T> implements StreamObserver<T> {
    private final String what;

    /** {@code what} names the reply in the error when none comes, e.g. "receipt". */
    ReplyFuture(String what) {
        this.what = what;
    }

    @Override
    public void onNext(T value) {
        complete(value);
    }

    @Override
    public void onError(Throwable t) {
        completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        completeExceptionally(new IllegalStateException("the server sent no " + what));
    }
}
