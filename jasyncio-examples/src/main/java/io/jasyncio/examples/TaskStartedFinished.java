package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;

import java.io.PrintStream;

/**
 * A task runs on its own once created; the creator goes on and awaits it later.
 * <pre>
 * async def my_task():
 *     print("Task started")
 *     await asyncio.sleep(1)
 *     print("Task finished")
 *     return "result"
 * async def main():
 *     task = asyncio.create_task(my_task())
 *     print("Task created")
 *     print(await task)
 * </pre>
 */
public final class TaskStartedFinished implements Example {
    @Override
    public String name() {
        return "create-task";
    }

    @Override
    public String description() {
        return "createTask schedules a coroutine; it starts when the creator suspends";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            Task<String> task = Asyncio.createTask(() -> {
                out.println("Task started");
                Asyncio.sleep(1);
                out.println("Task finished");
                return "result";
            });
            out.println("Task created");
            out.println("awaited: " + task.await());
        });
    }
}
