package io.jasyncio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The open event loops of this JVM, for {@link TaskDumpMBean}. A loop joins when it is created and
 * leaves when it is closed; the map holds loops weakly, so a loop dropped without close() does not
 * stay reachable because of it. The MBean itself is registered lazily, on a daemon thread, the
 * first time a loop runs: the platform MBean server costs tens of milliseconds to start, which a
 * program that never runs a loop should not pay, and a loop's start should not wait for.
 * {@code -Djasyncio.jmx=false} turns the MBean off.
 */
final class LoopRegistry {
    private LoopRegistry() {}

    private static final Map<EventLoop, Boolean> OPEN = Collections.synchronizedMap(new WeakHashMap<>());
    private static final AtomicBoolean MBEAN_STARTED = new AtomicBoolean();
    static final boolean JMX = !"false".equals(System.getProperty("jasyncio.jmx"));

    static void opened(EventLoop loop) {
        OPEN.put(loop, Boolean.TRUE);
    }

    static void closed(EventLoop loop) {
        OPEN.remove(loop);
    }

    /** Called as a loop starts running: registers the MBean once per JVM, off the loop's thread. */
    static void running() {
        if (JMX && MBEAN_STARTED.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("jasyncio-jmx").start(TaskDumpMBean::register);
        }
    }

    /** The open loops, oldest first. */
    static List<EventLoop> loops() {
        List<EventLoop> all;
        synchronized (OPEN) {
            all = new ArrayList<>(OPEN.keySet());
        }
        all.sort(Comparator.comparingLong(EventLoop::loopId));
        return all;
    }
}
