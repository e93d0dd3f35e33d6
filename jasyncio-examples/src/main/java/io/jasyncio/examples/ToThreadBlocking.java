package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code to_thread}: a blocking call runs on a platform thread while the loop goes on serving
 * its tasks. Here the blocking call waits (blocking) until the loop has handled three events, so
 * it can only finish if the loop stayed responsive.
 * <pre>
 * result = await asyncio.to_thread(blocking_io)
 * </pre>
 */
public final class ToThreadBlocking implements Example {
    @Override
    public String name() {
        return "to-thread";
    }

    @Override
    public String description() {
        return "toThread runs a blocking call on a platform thread; the loop stays responsive";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            CountDownLatch events = new CountDownLatch(3);
            out.println("main: starting blockingIo in a thread");
            Task<String> io = Asyncio.createTask(() -> Asyncio.toThread(() -> blockingIo(events)));
            for (int i = 1; i <= 3; i++) {
                Asyncio.sleep(0);
                out.println("loop: still responsive, handled event " + i);
                events.countDown();
            }
            out.println("main: " + io.await());
        });
    }

    /** A blocking call: it parks its (platform) thread until the loop has handled three events. */
    private static String blockingIo(CountDownLatch events) throws InterruptedException {
        boolean served = events.await(30, TimeUnit.SECONDS);
        return served ? "blockingIo finished on a " + (Thread.currentThread().isVirtual() ? "virtual" : "platform")
                + " thread after the loop handled 3 events" : "blockingIo gave up waiting";
    }
}
