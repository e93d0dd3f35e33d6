package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.locks.Semaphore;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Semaphore} limiting concurrency: eight simulated downloads start at once, but at most
 * three run at a time; the others wait their turn in arrival order ({@code async with sem:} is
 * {@code try (var held = sem.hold())}).
 */
public final class LimitedDownloads implements Example {
    private static final double[] SECONDS = {3, 1, 2, 2, 1, 3, 1, 2};

    @Override
    public String name() {
        return "limited-downloads";
    }

    @Override
    public String description() {
        return "a Semaphore lets at most 3 of 8 simulated downloads run at a time";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            double start = loop.time();
            Semaphore slots = new Semaphore(3);
            int[] running = {0};
            int[] most = {0};
            List<Task<Void>> downloads = new ArrayList<>();
            for (int i = 0; i < SECONDS.length; i++) {
                String file = "file-" + (i + 1);
                double seconds = SECONDS[i];
                downloads.add(Asyncio.createTask(() -> {
                    try (var held = slots.hold()) {
                        running[0]++;
                        most[0] = Math.max(most[0], running[0]);
                        out.println(String.format(Locale.ROOT, "t=%.0f start  %s (%d running)",
                                loop.time() - start, file, running[0]));
                        Asyncio.sleep(seconds);
                        running[0]--;
                        out.println(String.format(Locale.ROOT, "t=%.0f finish %s", loop.time() - start, file));
                    }
                }));
            }
            for (Task<Void> d : downloads) {
                d.await();
            }
            out.println(String.format(Locale.ROOT, "all done at t=%.0f, at most %d at a time",
                    loop.time() - start, most[0]));
        });
    }
}
