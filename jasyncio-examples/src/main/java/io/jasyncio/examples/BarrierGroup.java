package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.locks.Barrier;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Barrier} releasing a group together: three hikers reach the meeting point at different
 * times, and nobody goes on until all three are there; the barrier is then ready for the next
 * stage, where they meet again.
 */
public final class BarrierGroup implements Example {
    private static final String[] HIKERS = {"Ada", "Bo", "Cy"};
    private static final double[][] LEGS = {{1, 2}, {3, 1}, {2, 3}};

    @Override
    public String name() {
        return "barrier-group";
    }

    @Override
    public String description() {
        return "three hikers wait for each other at a Barrier, twice";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            double start = loop.time();
            Barrier meet = new Barrier(HIKERS.length);
            List<Task<Void>> hikers = new ArrayList<>();
            for (int h = 0; h < HIKERS.length; h++) {
                String name = HIKERS[h];
                double[] legs = LEGS[h];
                hikers.add(Asyncio.createTask(() -> {
                    for (int stage = 0; stage < legs.length; stage++) {
                        Asyncio.sleep(legs[stage]);
                        out.println(String.format(Locale.ROOT, "t=%.0f %s reaches meeting point %d (%d waiting)",
                                loop.time() - start, name, stage + 1, meet.nWaiting() + 1));
                        int index = meet.await();
                        out.println(String.format(Locale.ROOT, "t=%.0f %s goes on (arrived %s)",
                                loop.time() - start, name, index == meet.parties() - 1 ? "last" : "#" + (index + 1)));
                    }
                }));
            }
            for (Task<Void> t : hikers) {
                t.await();
            }
        });
    }
}
