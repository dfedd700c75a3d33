package org.dadda.nn.train;

/** Loading a batch failed on the loader's thread; the cause is the loader function's exception. */
public final class BatchLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception for one batch.
     *
     * @param message which batch of which epoch failed
     * @param cause what the loader threw
     */
    public BatchLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
