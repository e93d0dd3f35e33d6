package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gather} over simulated downloads of different lengths: they run concurrently, finish in
 * their own order, and the results come back in argument order.
 * <pre>
 * async def fetch(url, seconds):
 *     await asyncio.sleep(seconds)
 *     print(f"fetched {url} after {seconds} s")
 *     return f"&lt;{url}: {seconds * 100} bytes&gt;"
 *
 * results = await asyncio.gather(*(fetch(u, s) for u, s in [("a", 3), ("b", 1), ("c", 2)]))
 * </pre>
 */
public final class GatherFetches implements Example {
    @Override
    public String name() {
        return "gather-fetches";
    }

    @Override
    public String description() {
        return "gather runs simulated fetches concurrently; results come back in argument order";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            double start = Asyncio.getRunningLoop().time();
            String[] urls = {"example.com/a", "example.com/b", "example.com/c"};
            int[] seconds = {3, 1, 2};
            List<Coroutine<String>> fetches = new ArrayList<>();
            for (int i = 0; i < urls.length; i++) {
                String url = urls[i];
                int s = seconds[i];
                fetches.add(() -> fetch(out, url, s));
            }
            List<String> results = Asyncio.gather(fetches).await();
            out.printf("all done after %.0f s (not %d)%n", Asyncio.getRunningLoop().time() - start, 3 + 1 + 2);
            for (String r : results) {
                out.println(r);
            }
        });
    }

    static String fetch(PrintStream out, String url, int seconds) {
        Asyncio.sleep(seconds);
        out.println("fetched " + url + " after " + seconds + " s");
        return "<" + url + ": " + seconds * 100 + " bytes>";
    }
}
