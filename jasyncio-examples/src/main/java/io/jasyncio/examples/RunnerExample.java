package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Runner;

import java.io.PrintStream;

/**
 * The asyncio docs' Runner example: several coroutines run one after another on one loop.
 * <pre>
 * with asyncio.Runner() as runner:
 *     runner.run(main())
 *     runner.run(main())
 * </pre>
 */
public final class RunnerExample implements Example {
    @Override
    public String name() {
        return "runner";
    }

    @Override
    public String description() {
        return "a Runner runs several coroutines on the same loop, then cleans up";
    }

    @Override
    public void run(PrintStream out) {
        try (Runner runner = new Runner()) {
            EventLoop loop = runner.getLoop();
            for (int i = 1; i <= 2; i++) {
                int n = i;
                String r = runner.run(() -> {
                    Asyncio.sleep(0.5);
                    return "run " + n + " on the same loop: " + (Asyncio.getRunningLoop() == loop);
                });
                out.println(r);
            }
            out.println("closed before close(): " + loop.isClosed());
            runner.close();
            out.println("closed after close(): " + loop.isClosed());
        }
    }
}
