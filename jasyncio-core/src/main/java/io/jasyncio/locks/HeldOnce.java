package io.jasyncio.locks;

/** A {@link Held} that releases on its first {@code close()} only, so a double close cannot over-release. */
final class HeldOnce implements Held {
    private Runnable release;

    HeldOnce(Runnable release) {
        this.release = release;
    }

    @Override
    public void close() {
        Runnable r = release;
        if (r != null) {
            release = null;
            r.run();
        }
    }
}
