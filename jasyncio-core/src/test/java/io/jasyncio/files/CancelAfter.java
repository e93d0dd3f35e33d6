package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;

/** Test helper for the cancellation tests: a victim task cancelled after a chosen number of loop iterations. */
final class CancelAfter {
    private CancelAfter() {}

    /**
     * Lets {@code victim} run for {@code yields} loop iterations, cancels it and waits for it to
     * end; its CancelledError is swallowed (it may also have ended before the cancel), anything
     * else it raised is thrown.
     */
    static void yields(Task<?> victim, int yields) throws Exception {
        for (int i = 0; i < yields; i++) {
            Asyncio.sleep(0);
        }
        victim.cancel();
        try {
            victim.await();
        } catch (CancelledError expected) {
            // the caller checks what the cancel left behind
        }
    }
}
