package io.jasyncio;

import io.jasyncio.locks.Lock;

import java.io.IOException;

/**
 * The child JVM of {@link RemoteTaskDumpTest}: a loop with a task holding a lock, one waiting for
 * it and a gather over both; prints "ready" once they are parked and the MBean is registered, and
 * ends when its standard input closes.
 */
public final class RemoteDumpChildMain {
    private RemoteDumpChildMain() {}

    public static void main(String[] args) {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Void> stdinClosed = loop.createFuture();
            Lock lock = new Lock();
            Task<Void> holder = Asyncio.createTask(() -> {
                lock.acquire();
                stdinClosed.await();
                lock.release();
            }, "holder");
            Task<Void> waiter = Asyncio.createTask(() -> lock.acquire(), "lock-waiter");
            Task<Object> gatherer = Asyncio.createTask(() -> Asyncio.gather(holder, waiter).await(), "gatherer");
            Asyncio.sleep(0);
            Asyncio.sleep(0);
            TaskDumpMBean.register(); // what the loop's start does on a daemon thread, done here so "ready" is true
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    System.in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // closed either way
                }
                loop.callSoonThreadsafe(() -> stdinClosed.setResult(null));
            });
            System.out.println("ready");
            System.out.flush();
            gatherer.await();
        });
    }
}
