package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;

import java.io.PrintStream;

/**
 * The asyncio docs' "Coroutines and Tasks" example: two tasks created up front run concurrently,
 * so the program takes 2 seconds, not 3.
 * <pre>
 * task1 = asyncio.create_task(say_after(1, 'hello'))
 * task2 = asyncio.create_task(say_after(2, 'world'))
 * await task1
 * await task2
 * </pre>
 * (The docs print wall-clock times; this prints seconds on the loop's clock.)
 */
public final class SayAfter implements Example {
    @Override
    public String name() {
        return "say-after";
    }

    @Override
    public String description() {
        return "two tasks created with createTask run concurrently: 2 s in all, not 3";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            double start = loop.time();
            Task<Void> task1 = Asyncio.createTask(() -> sayAfter(out, 1, "hello"));
            Task<Void> task2 = Asyncio.createTask(() -> sayAfter(out, 2, "world"));
            out.printf("started at %.1f s%n", loop.time() - start);
            task1.await();
            task2.await();
            out.printf("finished at %.1f s%n", loop.time() - start);
        });
    }

    static void sayAfter(PrintStream out, double delay, String what) {
        Asyncio.sleep(delay);
        out.println(what);
    }
}
