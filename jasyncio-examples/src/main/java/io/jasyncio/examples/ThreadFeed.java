package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.queues.BridgeQueue;

import java.io.PrintStream;

/**
 * A plain Java thread feeding tasks through a {@link BridgeQueue}: the thread (standing for a
 * blocking library, a sensor, a legacy API) uses the blocking {@code putBlocking}; the task
 * consumes with a plain {@code for} loop that suspends instead of blocking the event loop, and
 * ends when the thread shuts the queue down.
 */
public final class ThreadFeed implements Example {
    @Override
    public String name() {
        return "thread-feed";
    }

    @Override
    public String description() {
        return "a plain thread produces readings; a task consumes them through a BridgeQueue";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            BridgeQueue<Integer> readings = new BridgeQueue<>(loop, 2);
            Thread sensor = Thread.ofPlatform().name("sensor").start(() -> {
                try {
                    for (int i = 1; i <= 6; i++) {
                        readings.putBlocking(i * i); // blocks this thread while the queue is full
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    readings.shutdown();
                }
            });

            int sum = 0;
            for (int reading : readings) { // suspends the task, never the loop
                sum += reading;
                out.println("task got reading " + reading + ", running sum " + sum);
            }
            loop.runInExecutor(null, () -> {
                sensor.join();
                return null;
            }).await();
            out.println("sensor thread finished; total " + sum);
        });
    }
}
