package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;

import java.io.PrintStream;

/**
 * The asyncio documentation's {@code TaskGroup} example:
 * <pre>
 * async def main():
 *     async with asyncio.TaskGroup() as tg:
 *         task1 = tg.create_task(say_after(1, 'hello'))
 *         task2 = tg.create_task(say_after(2, 'world'))
 *         print(f"started at {time.strftime('%X')}")
 *     # The await is implicit when the context manager exits.
 *     print(f"Both tasks have completed now: {task1.result()}, {task2.result()}")
 * </pre>
 */
public final class TaskGroupSayAfter implements Example {
    @Override
    public String name() {
        return "taskgroup";
    }

    @Override
    public String description() {
        return "a TaskGroup waits for its two tasks when its block ends";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            double start = Asyncio.getRunningLoop().time();
            @SuppressWarnings("unchecked")
            Task<String>[] tasks = new Task[2];
            Asyncio.taskGroup(tg -> {
                tasks[0] = tg.createTask(() -> sayAfter(out, 1, "hello"));
                tasks[1] = tg.createTask(() -> sayAfter(out, 2, "world"));
                out.printf("started at +%.0f s%n", Asyncio.getRunningLoop().time() - start);
            });
            out.printf("finished at +%.0f s%n", Asyncio.getRunningLoop().time() - start);
            out.println("Both tasks have completed now: " + tasks[0].result() + ", " + tasks[1].result());
        });
    }

    private static String sayAfter(PrintStream out, double delay, String what) {
        Asyncio.sleep(delay);
        out.println(what);
        return what + " said";
    }
}
