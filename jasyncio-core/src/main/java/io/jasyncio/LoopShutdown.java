package io.jasyncio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of {@link Asyncio#run}, for any loop that is not running: asyncio's
 * {@code Runner.close()} — cancel the tasks still pending and run the loop until their cleanup
 * (which may await) is over, report errors raised during it to the exception handler, shut the
 * default executor down and wait for it, then close the loop. Used by {@link Runner} and by
 * {@link EventLoopGroup} for each of its loops.
 */
final class LoopShutdown {
    private LoopShutdown() {}

    static void shutDown(EventLoop loop) {
        try {
            cancelAllTasks(loop);
            loop.runUntilComplete(loop.createTask(() -> {
                loop.shutdownDefaultExecutor();
            }));
        } finally {
            loop.close();
        }
    }

    private static void cancelAllTasks(EventLoop l) {
        List<Task<?>> toCancel = new ArrayList<>(l.allTasks());
        if (toCancel.isEmpty()) {
            return;
        }
        for (Task<?> t : toCancel) {
            t.cancel();
        }
        Future<Void> allDone = l.createFuture();
        int[] remaining = {toCancel.size()};
        for (Task<?> t : toCancel) {
            t.addDoneCallback(f -> {
                if (--remaining[0] == 0 && !allDone.done()) {
                    allDone.setResult(null);
                }
            });
        }
        l.runUntilComplete(allDone);
        for (Task<?> t : toCancel) {
            if (!t.cancelled() && t.exception() != null) {
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("message", "unhandled exception during Asyncio.run() shutdown");
                ctx.put("exception", t.exception());
                ctx.put("task", t);
                l.callExceptionHandler(ctx);
            }
        }
    }
}
