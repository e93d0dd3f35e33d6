package io.jasyncio.internal;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;

/** Whether the calling thread runs a given loop's callbacks or tasks, through public API only. */
public final class LoopThreads {
    private LoopThreads() {}

    /** True on the loop's thread and in its tasks while it runs. */
    public static boolean onLoop(EventLoop loop) {
        try {
            return Asyncio.getRunningLoop() == loop;
        } catch (IllegalStateException noRunningLoop) {
            return false;
        }
    }
}
