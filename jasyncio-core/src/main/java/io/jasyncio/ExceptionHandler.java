package io.jasyncio;

import java.util.Map;

/**
 * Receives errors the loop cannot hand to anyone else (a callback that threw, a task exception
 * that was never retrieved): the Java form of asyncio's {@code loop.set_exception_handler(f)}.
 *
 * <p>The context map uses asyncio's keys: {@code "message"} (always), and where they apply
 * {@code "exception"}, {@code "future"}, {@code "task"}, {@code "handle"}, plus jasyncio's
 * {@code "stack"} (the stack of a task that blocked the loop, in debug mode).
 */
@FunctionalInterface
public interface ExceptionHandler {
    /** Handles one error report. Runs on the loop thread, except the debug watchdog's reports. */
    void handle(EventLoop loop, Map<String, Object> context);
}
