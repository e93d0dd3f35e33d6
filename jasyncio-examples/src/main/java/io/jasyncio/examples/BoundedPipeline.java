package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.queues.Queue;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A producer/consumer pipeline through a bounded queue: the producer is fast, the consumer takes
 * one second per item, and {@code put} suspends the producer whenever the queue holds two items
 * (back-pressure). The producer shuts the queue down when it is done; the consumer's
 * {@code for (item : queue)} ends once the queue is drained.
 */
public final class BoundedPipeline implements Example {
    @Override
    public String name() {
        return "bounded-pipeline";
    }

    @Override
    public String description() {
        return "a fast producer held back by a slow consumer through a queue of maxsize 2";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            double start = loop.time();
            Queue<String> queue = new Queue<>(2);

            Task<Void> consumer = Asyncio.createTask(() -> {
                for (String item : queue) {
                    Asyncio.sleep(1); // slow work on each item
                    log(out, loop.time() - start, "consumer finished " + item);
                }
                log(out, loop.time() - start, "consumer: queue shut down and drained");
            });

            for (int i = 1; i <= 5; i++) {
                String item = "item-" + i;
                queue.put(item); // suspends while two items wait
                log(out, loop.time() - start, "producer put " + item + " (qsize " + queue.qsize() + ")");
            }
            queue.shutdown();
            log(out, loop.time() - start, "producer done");
            consumer.await();
        });
    }

    private static void log(PrintStream out, double t, String what) {
        out.println(String.format(Locale.ROOT, "t=%.0f %s", t, what));
    }
}
