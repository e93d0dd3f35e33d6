package io.jasyncio.internal;

/**
 * DESIGN §7 hazard 1: the JDK starts its socket poller threads lazily, as virtual threads, on the
 * first blocking socket call of a virtual thread. If that call happens inside a task, the pollers
 * inherit the task's loop as their scheduler, and once that loop closes every virtual-thread socket
 * call in the JVM hangs. Initialising {@code sun.nio.ch.Poller} from a platform thread first makes
 * the pollers use the JDK's own scheduler.
 */
public final class JdkPollers {
    /** Set to {@code true} only by the test that shows the hang this class prevents. */
    static final String SKIP_PROPERTY = "jasyncio.internal.skipPollerInit";

    private JdkPollers() {}

    static void initialize() {
        if (Boolean.getBoolean(SKIP_PROPERTY)) {
            return;
        }
        Thread t = Thread.ofPlatform().name("jasyncio-poller-init").daemon().start(() -> {
            try {
                Class.forName("sun.nio.ch.Poller", true, ClassLoader.getPlatformClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // A JDK without this class has no lazily started pollers to protect.
            }
        });
        Threads.joinUninterruptibly(t);
    }
}
