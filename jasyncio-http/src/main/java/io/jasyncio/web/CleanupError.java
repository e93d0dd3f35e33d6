package io.jasyncio.web;

import java.util.List;

/**
 * Several cleanup parts of {@link CleanupContext}s failed: aiohttp's {@code CleanupError}
 * ("Multiple errors on cleanup stage"). A single failure is thrown as it is. The failures are
 * {@link #errors()} in the order they happened, and also suppressed exceptions of this one, so a
 * stack trace shows them all.
 */
public final class CleanupError extends RuntimeException {
    private final List<Exception> errors;

    /** An error for {@code errors} (at least two). */
    public CleanupError(String message, List<Exception> errors) {
        super(message);
        if (errors == null || errors.size() < 2) {
            throw new IllegalArgumentException("a CleanupError holds two errors or more");
        }
        this.errors = List.copyOf(errors);
        for (Exception e : this.errors) {
            addSuppressed(e);
        }
    }

    /** The failures, in the order the cleanup parts ran. */
    public List<Exception> errors() {
        return errors;
    }
}
