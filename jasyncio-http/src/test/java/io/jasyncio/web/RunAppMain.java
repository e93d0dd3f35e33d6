package io.jasyncio.web;

import io.jasyncio.locks.Event;

/**
 * The child JVM of RunAppSignalsTest: {@code WebRunner.runApp} on 127.0.0.1:PORT with a route
 * {@code /slow} that prints "slow request started" and answers only once the graceful shutdown
 * has begun (its {@code onShutdown} hook), so the request is certainly in flight at the signal.
 */
public final class RunAppMain {
    private RunAppMain() {}

    public static void main(String[] args) throws Exception {
        Event shuttingDown = new Event();
        Application app = new Application();
        app.router().addGet("/slow", r -> {
            System.out.println("slow request started");
            shuttingDown.await();
            return Response.ofText("finished after the shutdown began");
        });
        app.onShutdown(a -> {
            System.out.println("shutdown began");
            shuttingDown.set();
        });
        WebRunner.runApp(new AppRunner(app), "127.0.0.1", Integer.parseInt(args[0]), System.out);
        System.out.println("runApp returned");
    }
}
