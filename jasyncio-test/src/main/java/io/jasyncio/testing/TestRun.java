package io.jasyncio.testing;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.Timeout;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One {@link AsyncioTest} method's loop: runs the body as a task under a virtual-time timeout,
 * then fails with everything the test left behind. Closed by JUnit's store even if the test
 * never ran (a parameter failed to resolve), so no loop leaks.
 */
final class TestRun implements ExtensionContext.Store.CloseableResource {
    /** The body: JUnit's invocation of the test method. */
    interface Body {
        void run() throws Throwable;
    }

    private final EventLoop loop = EventLoop.newEventLoop();
    private final List<Map<String, Object>> reports = Collections.synchronizedList(new ArrayList<>());
    private Sequencer sequencer;

    TestRun(double blockedAfter, double clockOrigin) {
        try {
            loop.useVirtualClock(clockOrigin);
        } catch (IllegalArgumentException e) {
            loop.close(); // not stored yet: nothing else would close it
            throw new IllegalArgumentException("@AsyncioTest clockOrigin: " + e.getMessage(), e);
        }
        loop.setDebug(true);
        loop.setSlowCallbackDuration(blockedAfter);
        // Called from the loop thread, and from the watchdog thread when the loop is blocked.
        loop.setExceptionHandler((l, context) -> reports.add(context));
    }

    EventLoop loop() {
        return loop;
    }

    Sequencer sequencer() {
        if (sequencer == null) {
            sequencer = new Sequencer();
        }
        return sequencer;
    }

    /** Runs the body as the loop's main task, closes the loop, and throws what went wrong. */
    void execute(Body body, double timeoutSeconds) throws Throwable {
        if (!(timeoutSeconds > 0)) {
            throw new IllegalArgumentException("@AsyncioTest timeout must be positive: " + timeoutSeconds);
        }
        Timeout[] deadline = new Timeout[1];
        Coroutine<Void> main = () -> {
            deadline[0] = Asyncio.timeout(timeoutSeconds);
            deadline[0].run(() -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    throw Rethrow.unchecked(t);
                }
            });
            return null;
        };
        Task<Void> task = loop.createTask(main, "asyncio-test");
        Throwable failure = null;
        try {
            loop.runUntilComplete(task);
        } catch (Throwable t) {
            failure = deadline[0] != null && deadline[0].expired()
                    ? new AssertionError("test timed out after " + timeoutSeconds + " seconds of virtual time", t)
                    : t;
        }
        List<String> leftRunning = loop.allTasks().stream().map(Leftovers::describeLeftRunning).toList();
        loop.close();
        Leftovers leftovers = new Leftovers(leftRunning, loop.unretrievedExceptions(), List.copyOf(reports),
                sequencer != null && sequencer.started() && !sequencer.finished() ? sequencer : null);
        AssertionError problems = leftovers.toError();
        if (failure != null) {
            if (problems != null) {
                failure.addSuppressed(problems);
            }
            throw failure;
        }
        if (problems != null) {
            throw problems;
        }
    }

    @Override
    public void close() {
        if (!loop.isClosed()) {
            loop.close();
        }
    }
}
