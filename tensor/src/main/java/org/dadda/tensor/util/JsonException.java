package org.dadda.tensor.util;

/**
 * Malformed JSON text, or a value that cannot be written as JSON. The message names the position
 * (offset, line and column) of the fault when parsing.
 */
public final class JsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * A parse error.
     *
     * @param message what is wrong
     * @param offset character offset of the fault in the input, or -1 when not parsing
     */
    public JsonException(String message, long offset) {
        super(message);
        this.offset = offset;
    }

    /** Character offset of the fault in the parsed text, or -1 for a write error. */
    public long offset() {
        return offset;
    }
}
