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
     * Whether the error is the peer's doing (reset, broken pipe, refused): asyncio reports those
     * only in debug mode, since they are part of a network's normal life.
     */
    static boolean isConnectionError(Throwable exc) {
        return exc instanceof IOException;
    }
}
