package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.Task;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code as_completed}: handle each simulated fetch as soon as it finishes.
 * <pre>
 * tasks = [asyncio.create_task(fetch(u, s)) for u, s in [("a", 3), ("b", 1), ("c", 2)]]
 * async for task in asyncio.as_completed(tasks):    # Python 3.13
 *     print("first done:", await task)
 * </pre>
 */
public final class AsCompletedFetches implements Example {
    @Override
    public String name() {
        return "as-completed";
    }

    @Override
    public String description() {
        return "asCompleted hands out simulated fetches in the order they finish";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            String[] urls = {"example.com/a", "example.com/b", "example.com/c"};
            int[] seconds = {3, 1, 2};
            List<Task<String>> tasks = new ArrayList<>();
            for (int i = 0; i < urls.length; i++) {
                String url = urls[i];
                int s = seconds[i];
                tasks.add(Asyncio.createTask(() -> Asyncio.sleep(s, "<" + url + " after " + s + " s>")));
            }
            int n = 0;
            for (Future<String> done : Asyncio.asCompleted(tasks, 10)) {
                out.println(++n + ". " + done.result());
            }
        });
    }
}
