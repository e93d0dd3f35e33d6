package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.locks.Event;

import org.openjdk.jmh.annotations.*;

/**
 * {@link Event}: 10,000 tasks parked on one event, woken by one {@code set()}; ns per woken task.
 * The tasks live for the whole trial: each round sets and at once clears the event (the waiters
 * still wake, SEMANTICS 13), every waiter runs, counts itself, and parks again.
 */
public class EventBench extends OnLoop {
    static final int WAITERS = 10_000;
    static final int ROUNDS = 10;

    private Event event;
    private int arrived;
    private Future<Void> roundDone;

    @Override
    protected void onLoopOpened() {
        event = new Event();
        loop.runUntilComplete(() -> {
            for (int i = 0; i < WAITERS; i++) {
                Asyncio.createTask(() -> {
                    while (true) {
                        event.await();
                        if (++arrived == WAITERS) {
                            roundDone.setResult(null);
                        }
                    }
                });
            }
            Asyncio.sleep(0); // every waiter parks on the event
            return null;
        });
    }

    @Benchmark
    @OperationsPerInvocation(WAITERS * ROUNDS)
    public int wakeTenThousand() {
        return loop.runUntilComplete(() -> {
            for (int r = 0; r < ROUNDS; r++) {
                arrived = 0;
                roundDone = loop.createFuture();
                event.set();
                event.clear();
                roundDone.await();
            }
            return arrived;
        });
    }
}
