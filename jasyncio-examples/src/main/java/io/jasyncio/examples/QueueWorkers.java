package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.queues.Queue;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The worker-pool example of the asyncio documentation's Queues page: twenty sleep durations in a
 * queue, three workers consuming them, {@code queue.join()} to wait for the work, then the
 * workers are cancelled. The durations come from a seeded {@link Random} so the output is exact.
 * <pre>
 * async def worker(name, queue):
 *     while True:
 *         sleep_for = await queue.get()
 *         await asyncio.sleep(sleep_for)
 *         queue.task_done()
 *         print(f'{name} has slept for {sleep_for:.2f} seconds')
 * </pre>
 */
public final class QueueWorkers implements Example {
    @Override
    public String name() {
        return "queue-workers";
    }

    @Override
    public String description() {
        return "three workers share a queue of sleep durations; join, then cancel the workers";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Queue<Double> queue = new Queue<>();
            Random random = new Random(2024);
            double totalSleepTime = 0;
            for (int i = 0; i < 20; i++) {
                double sleepFor = 0.05 + random.nextDouble() * 0.95; // random.uniform(0.05, 1.0)
                totalSleepTime += sleepFor;
                queue.putNowait(sleepFor);
            }

            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String name = "worker-" + i;
                tasks.add(Asyncio.createTask(() -> worker(name, queue, out)));
            }

            double startedAt = loop.time();
            queue.join();
            double totalSleptFor = loop.time() - startedAt;

            for (Task<Void> task : tasks) {
                task.cancel();
            }
            for (Task<Void> task : tasks) {
                try {
                    task.await(); // gather(*tasks, return_exceptions=True)
                } catch (CancelledError expected) {
                    // the worker ended as asked
                }
            }
            out.println("====");
            out.println(String.format(Locale.ROOT, "3 workers slept in parallel for %.2f seconds", totalSleptFor));
            out.println(String.format(Locale.ROOT, "total expected sleep time: %.2f seconds", totalSleepTime));
        });
    }

    private static void worker(String name, Queue<Double> queue, PrintStream out) {
        while (true) {
            double sleepFor = queue.get();
            Asyncio.sleep(sleepFor);
            queue.taskDone();
            out.println(String.format(Locale.ROOT, "%s has slept for %.2f seconds", name, sleepFor));
        }
    }
}
