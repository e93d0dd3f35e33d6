package io.jasyncio.subprocess;

import java.io.IOException;

/**
 * Writing to a child's stdin failed because the child is gone or closed its stdin: Python's
 * {@code BrokenPipeError}, raised by {@code StreamWriter.drain()} on {@code Process.stdin()}.
 */
public final class BrokenPipeError extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error with this message and cause (the JDK's write error, or null). */
    public BrokenPipeError(String message, Throwable cause) {
        super(message, cause);
    }
}
