package io.jasyncio.internal;

/** Small thread utilities the runtime needs in several places. */
public final class Threads {
    private Threads() {}

    /** Waits for {@code t} to end, keeping (not losing) an interrupt that arrives meanwhile. */
    public static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
