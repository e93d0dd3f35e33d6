package io.jasyncio.web;

import io.jasyncio.EventLoopGroup;
import io.jasyncio.GroupServer;
import io.jasyncio.locks.Event;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child JVM of GroupRunAppSignalsTest: {@code WebRunner.runApp} over a group of 2 loops
 * (one acceptor, so connections alternate between them) on 127.0.0.1:PORT. Each loop's own app
 * has {@code /slow}, which prints "slow request started on loopN" and, in mode
 * {@code graceful}, answers once that app's graceful shutdown has begun (its {@code onShutdown}
 * hook); in mode {@code stuck} it never answers and the shutdown timeout is 10 minutes, so only a
 * second signal can end the shutdown in time.
 */
public final class GroupRunAppMain {
    private static final AtomicInteger LOOPS = new AtomicInteger();

    private GroupRunAppMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean stuck = args[1].equals("stuck");
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            WebRunner.runApp(group, () -> runner(stuck), "127.0.0.1", port, null,
                    GroupServer.Balancing.ONE_ACCEPTOR, System.out);
            System.out.println("runApp returned");
        }
    }

    private static AppRunner runner(boolean stuck) {
        String loop = "loop" + LOOPS.getAndIncrement(); // the factory runs once on each loop
        Event shuttingDown = new Event();
        Event never = new Event();
        Application app = new Application();
        app.router().addGet("/slow", r -> {
            System.out.println("slow request started on " + loop);
            (stuck ? never : shuttingDown).await();
            return Response.ofText("finished on " + loop + " after the shutdown began");
        });
        app.onShutdown(a -> {
            System.out.println("shutdown began on " + loop);
            shuttingDown.set();
        });
        return new AppRunner(app).setShutdownTimeout(stuck ? 600 : 60);
    }
}
