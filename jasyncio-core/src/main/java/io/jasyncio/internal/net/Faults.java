package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reports errors nobody awaits to the loop's exception handler, as asyncio's transports do. */
final class Faults {
    private Faults() {}

    static void report(EventLoop loop, String message, Throwable exc, Object source) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("message", message);
        ctx.put("exception", exc);
        if (source != null) {
            ctx.put("transport", source);
        }
        loop.callExceptionHandler(ctx);
    }

    /**
     * The last step of a transport: stop watching its channel and close it. Nothing buffered can be
     * lost here (the transport flushed or gave up first), so a failing close has nothing to report.
     */
    static void release(EventLoop loop, java.nio.channels.SelectableChannel channel) {
        loop.removeReader(channel);
        loop.removeWriter(channel);
        try {
            channel.close();
        } catch (IOException ignored) {
            // the socket is gone either way
        }
    }

    /**
     * Whether the error is the peer's doing (reset, broken pipe, refused): asyncio reports those
     * only in debug mode, since they are part of a network's normal life.
     */
    static boolean isConnectionError(Throwable exc) {
        return exc instanceof IOException;
    }
}
