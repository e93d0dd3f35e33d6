package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/**
 * The asyncio docs' advice for fire-and-forget tasks: keep them in a set and let a done callback
 * discard each one. (jasyncio's loop also holds pending tasks strongly, so a forgotten task is
 * never collected mid-flight; the set is still how you find and await them.)
 * <pre>
 * background_tasks = set()
 * for i in range(10):
 *     task = asyncio.create_task(some_coro(param=i))
 *     background_tasks.add(task)
 *     task.add_done_callback(background_tasks.discard)
 * </pre>
 */
public final class BackgroundTasks implements Example {
    @Override
    public String name() {
        return "background-tasks";
    }

    @Override
    public String description() {
        return "ten fire-and-forget tasks kept in a set and discarded by a done callback";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            Set<Task<Integer>> backgroundTasks = new HashSet<>();
            int[] total = {0};
            for (int i = 0; i < 10; i++) {
                int param = i;
                Task<Integer> task = Asyncio.createTask(() -> {
                    Asyncio.sleep(0.1 * (10 - param)); // the last created finishes first
                    total[0] += param;
                    return param;
                });
                backgroundTasks.add(task);
                task.addDoneCallback(backgroundTasks::remove);
            }
            out.println("pending: " + backgroundTasks.size());
            Asyncio.sleep(0.55);
            out.println("pending after 0.55 s: " + backgroundTasks.size());
            Asyncio.sleep(1);
            out.println("pending after 1.55 s: " + backgroundTasks.size() + ", sum of results: " + total[0]);
        });
    }
}
