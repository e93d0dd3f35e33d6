package io.jasyncio;

/** Run in a child JVM by {@link SchedulerChoiceTest}: prints the scheduler a new loop gets. */
public final class SchedulerChoiceMain {
    public static void main(String[] args) {
        try {
            EventLoop loop = EventLoop.newEventLoop();
            System.out.println("scheduler=" + loop.schedulerName());
            System.out.println("result=" + loop.runUntilComplete(() -> Asyncio.sleep(0.001, 42)));
            loop.close();
        } catch (RuntimeException e) {
            System.out.println("error=" + e.getMessage());
        }
    }
}
