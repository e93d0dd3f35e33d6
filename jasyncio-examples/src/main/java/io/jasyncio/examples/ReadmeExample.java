package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;

import java.io.PrintStream;

/** The README's 30-second example, kept here so that a test checks it still works. */
public final class ReadmeExample implements Example {
    @Override
    public String name() {
        return "readme";
    }

    @Override
    public String description() {
        return "the README's 30-second example: two tasks, 2 seconds in all";
    }

    static String sayAfter(double delay, String what) {
        Asyncio.sleep(delay); // suspends this task; the loop runs others meanwhile
        return what;
    }

    @Override
    public void run(PrintStream out) {
        String r = Asyncio.run(() -> {
            Task<String> hello = Asyncio.createTask(() -> sayAfter(1, "hello"));
            Task<String> world = Asyncio.createTask(() -> sayAfter(2, "world"));
            return hello.await() + " " + world.await(); // 2 seconds in all, not 3
        });
        out.println(r);
    }
}
