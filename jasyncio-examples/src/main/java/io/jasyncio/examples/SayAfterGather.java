package io.jasyncio.examples;

import io.jasyncio.Asyncio;

import java.io.PrintStream;

/**
 * The asyncio documentation's {@code say_after}, run concurrently with {@code gather}:
 * <pre>
 * async def say_after(delay, what):
 *     await asyncio.sleep(delay)
 *     print(what)
 *
 * async def main():
 *     print(f"started at {time.strftime('%X')}")
 *     await asyncio.gather(say_after(1, 'hello'), say_after(2, 'world'))
 *     print(f"finished at {time.strftime('%X')}")   # 2 seconds later, not 3
 * </pre>
 * Times are printed as seconds since the start, on the loop's clock.
 */
public final class SayAfterGather implements Example {
    @Override
    public String name() {
        return "say-after-gather";
    }

    @Override
    public String description() {
        return "two coroutines run concurrently with gather: hello after 1 s, world after 2 s";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            double start = Asyncio.getRunningLoop().time();
            out.printf("started at +%.0f s%n", 0.0);
            Asyncio.gather(
                    () -> sayAfter(out, 1, "hello"),
                    () -> sayAfter(out, 2, "world")).await();
            out.printf("finished at +%.0f s%n", Asyncio.getRunningLoop().time() - start);
        });
    }

    static void sayAfter(PrintStream out, double delay, String what) {
        Asyncio.sleep(delay);
        out.println(what);
    }
}
