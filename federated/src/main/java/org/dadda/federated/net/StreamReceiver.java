package org.dadda.federated.net;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * The server's side of a client-streaming call that carries a file transfer (an upload, a FedAvg
 * update): parts arrive one by one, the first refusal ends the call with a status naming what is
 * at fault, and whatever was received is discarded then, or when the client goes away, so that
 * nothing partial is kept. Subclasses receive the parts and finish the transfer.
 *
 * @param <P> the part message
 */
abstract class StreamReceiver<P> implements StreamObserver<P> {
    private final StreamObserver<?> reply;
    private boolean failed;

    StreamReceiver(StreamObserver<?> reply) {
        this.reply = reply;
    }

    /**
     * Takes one part; throws a {@link StatusRuntimeException} to refuse the call with that status,
     * any other exception to refuse it as invalid content (its message prefixed with {@link #who}).
     */
    abstract void part(P part);

    /** All parts have arrived: checks and keeps the transfer, and sends the reply. */
    abstract void finish();

    /** Throws away what was received (the call failed or the client went away). */
    abstract void discard();

    /** Says why the call was refused (a log line), once. */
    abstract void refused(StatusRuntimeException e, boolean byContent);

    /** Names the transfer in an error of its content. */
    abstract String who();

    @Override
    public final void onNext(P p) {
        if (failed) {
            return;
        }
        try {
            part(p);
        } catch (StatusRuntimeException e) {
            fail(e, false);
        } catch (RuntimeException e) {
            fail(content(e), true);
        }
    }

    @Override
    public final void onError(Throwable t) {
        discard();
    }

    @Override
    public final void onCompleted() {
        if (failed) {
            return;
        }
        try {
            finish();
        } catch (StatusRuntimeException e) {
            fail(e, false);
        } catch (RuntimeException e) {
            fail(content(e), true);
        }
    }

    private StatusRuntimeException content(RuntimeException e) {
        return Status.INVALID_ARGUMENT.withDescription(who() + ": " + e.getMessage()).asRuntimeException();
    }

    private void fail(StatusRuntimeException e, boolean byContent) {
        failed = true;
        discard();
        refused(e, byContent);
        reply.onError(e);
    }
}
