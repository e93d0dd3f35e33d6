package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;

import java.io.PrintStream;

/**
 * An exception raised inside a task reaches whoever awaits the task, unchanged.
 * <pre>
 * async def fail():
 *     await asyncio.sleep(0.1)
 *     raise ValueError("bad value")
 * async def main():
 *     task = asyncio.create_task(fail())
 *     try:
 *         await task
 *     except ValueError as e:
 *         print(f"caught: {e!r}")
 * </pre>
 */
public final class TaskException implements Example {
    @Override
    public String name() {
        return "task-exception";
    }

    @Override
    public String description() {
        return "an exception raised in a task is caught by the task that awaits it";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            Task<Void> task = Asyncio.createTask(() -> {
                Asyncio.sleep(0.1);
                throw new IllegalArgumentException("bad value");
            });
            try {
                task.await();
            } catch (IllegalArgumentException e) {
                out.println("caught: " + e);
            }
            out.println("task done=" + task.done() + " cancelled=" + task.cancelled()
                    + " exception=" + task.exception().getMessage());
        });
    }
}
