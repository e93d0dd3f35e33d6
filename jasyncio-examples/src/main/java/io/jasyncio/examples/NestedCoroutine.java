package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;

import java.io.PrintStream;

/**
 * The asyncio docs' "Awaitables" example: a coroutine called directly is just a method call; wrapped
 * in a task it is scheduled to run concurrently.
 * <pre>
 * async def nested():
 *     return 42
 * async def main():
 *     print(await nested())
 *     task = asyncio.create_task(nested())
 *     print(await task)
 * </pre>
 */
public final class NestedCoroutine implements Example {
    @Override
    public String name() {
        return "nested";
    }

    @Override
    public String description() {
        return "awaiting a nested coroutine (a plain call) and the same coroutine as a task";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            out.println(nested());
            Task<Integer> task = Asyncio.createTask(NestedCoroutine::nested);
            out.println(task.await());
        });
    }

    /** A coroutine function: it may suspend, so it is called from a task. */
    static int nested() {
        Asyncio.sleep(0);
        return 42;
    }
}
