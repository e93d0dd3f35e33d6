package io.jasyncio;

import java.util.Map;

/** The default exception handler's output: the context as readable lines, through System.Logger. */
final class DefaultExceptionLog {
    private static final System.Logger LOG = System.getLogger("io.jasyncio");

    private DefaultExceptionLog() {}

    static void log(Map<String, Object> context) {
        Object message = context.getOrDefault("message", "Unhandled exception in event loop");
        StringBuilder sb = new StringBuilder(String.valueOf(message));
        for (Map.Entry<String, Object> e : context.entrySet()) {
            String k = e.getKey();
            if (k.equals("message") || k.equals("exception")) {
                continue;
            }
            Object v = e.getValue();
            if (v instanceof StackTraceElement[] stack) {
                sb.append('\n').append(k).append(':');
                for (StackTraceElement s : stack) {
                    sb.append("\n\tat ").append(s);
                }
            } else {
                sb.append('\n').append(k).append(": ").append(v);
            }
        }
        Object exc = context.get("exception");
        LOG.log(System.Logger.Level.ERROR, sb.toString(), exc instanceof Throwable t ? t : null);
    }

    /** The default handler itself failed: last resort. */
    static void handlerFailed(Throwable t) {
        LOG.log(System.Logger.Level.ERROR, "Exception in default exception handler", t);
    }
}
