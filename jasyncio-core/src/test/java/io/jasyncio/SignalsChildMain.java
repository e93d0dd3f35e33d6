package io.jasyncio;

import io.jasyncio.locks.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of SignalsInChildJvmTest: sets up signal handling one way (the mode, args[0]),
 * prints "ready", and reports on stdout what each signal did. A shutdown hook prints "hook ran",
 * so the test sees whether the JVM's own handler (exit through the hooks) ran.
 */
public final class SignalsChildMain {
    private SignalsChildMain() {}

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("hook ran")));
        switch (args[0]) {
            case "handlers" -> handlers();
            case "restored" -> restored();
            case "runner" -> runner();
            case "refused" -> refused(args[1]);
            case "group" -> group(false);
            case "group-slow-cleanup" -> group(true);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** One handler per signal, each printing; SIGTERM also ends the main task, so the JVM exits 0. */
    private static void handlers() {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Event stop = new Event();
            for (String name : new String[] {"SIGHUP", "SIGUSR1", "SIGWINCH", "SIGINT", "SIGUSR2"}) {
                loop.addSignalHandler(name, () -> System.out.println("got " + name + " on the loop: "
                        + (Asyncio.getRunningLoop() == loop)));
            }
            loop.addSignalHandler("SIGTERM", () -> {
                System.out.println("got SIGTERM, stopping");
                stop.set();
            });
            System.out.println("ready");
            stop.await();
            System.out.println("main returns");
        });
    }

    /** Handlers added, one removed, then the loop closed: SIGTERM must get the JVM's default again. */
    private static void restored() throws InterruptedException {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            loop.addSignalHandler("SIGTERM", () -> System.out.println("loop handler: must not run after close"));
            loop.addSignalHandler("SIGHUP", () -> {});
            System.out.println("removed SIGHUP: " + loop.removeSignalHandler("SIGHUP"));
        });
        System.out.println("ready");
        new CountDownLatch(1).await();
    }

    /**
     * Runner's Ctrl-C: a first run ends in KeyboardInterrupt; in a second run the main task shrugs
     * the cancel off, so the second Ctrl-C exits the JVM (130, through the hooks).
     */
    private static void runner() {
        try {
            Asyncio.run(() -> {
                System.out.println("ready");
                Asyncio.sleep(3600);
            });
        } catch (KeyboardInterrupt e) {
            System.out.println("KeyboardInterrupt");
        }
        Asyncio.run(() -> {
            System.out.println("ready again");
            try {
                Asyncio.sleep(3600);
            } catch (CancelledError e) {
                System.out.println("cancelled, carrying on");
                Asyncio.currentTask().uncancel();
            }
            Asyncio.sleep(3600);
        });
    }

    /** Prints what addSignalHandler says about one signal (under -Xrs, or with it ignored from the start). */
    private static void refused(String name) {
        Asyncio.run(() -> {
            try {
                Asyncio.getRunningLoop().addSignalHandler(name, () -> {});
                System.out.println("accepted " + name);
            } catch (IllegalStateException e) {
                System.out.println("refused: " + e.getMessage());
            }
        });
    }

    /**
     * EventLoopGroup.runForever on three loops, each with a task whose cleanup awaits and prints
     * on which loop it ran; with {@code slowCleanup} that cleanup then waits an hour, so a second
     * signal finds the group's shutdown still running.
     */
    private static void group(boolean slowCleanup) throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(3)) {
            List<CompletableFuture<Void>> started = new ArrayList<>();
            for (EventLoop loop : group.loops()) {
                int index = started.size();
                CompletableFuture<Void> running = new CompletableFuture<>();
                started.add(running);
                group.submit(loop, () -> {
                    try {
                        running.complete(null);
                        Asyncio.sleep(3600);
                    } finally {
                        Asyncio.sleep(0);
                        System.out.println("loop " + index + " cleaned up on its loop: " + (Asyncio.getRunningLoop() == loop));
                        if (slowCleanup) {
                            Asyncio.sleep(3600);
                        }
                    }
                    return null;
                });
            }
            for (CompletableFuture<Void> running : started) {
                running.get();
            }
            group.runForever(() -> System.out.println("ready")); // once the handlers are in place
            System.out.println("runForever returned, closed: " + group.isClosed());
        }
        System.out.println("main returns");
    }
}
