package io.jasyncio.http.internal;

import io.jasyncio.http.Headers;
import java.util.function.Consumer;

/**
 * The door through which the server's head writer defers fields of a response's {@link Headers}
 * without a public method: {@code Headers} registers its side when it is initialised (the JDK's
 * "shared secrets" pattern, as {@link MockedRequests}). Not exported.
 *
 * <p>The server writes {@code Content-Length}, {@code Date}, {@code Server} and {@code Connection}
 * straight into the head's bytes, and adds them to the response's headers only when someone looks
 * at those headers again (aiohttp's {@code _prepare_headers} puts them there): the first access of
 * any kind runs the deferred fill, so what a reader sees is what went on the wire.
 */
public final class HeadersAccess {
    /** What {@code Headers} lets this package do. */
    public interface Bridge {
        /** Defers {@code fill} until the next access of {@code headers}; a fill already deferred runs first. */
        void defer(Headers headers, Consumer<Headers> fill);
    }

    private static volatile Bridge bridge;

    private HeadersAccess() {}

    /** Called once by {@code Headers}' static initialiser. */
    public static void register(Bridge b) {
        bridge = b;
    }

    /** Defers {@code fill} until {@code headers} is next used (read, written or iterated). */
    public static void defer(Headers headers, Consumer<Headers> fill) {
        bridge.defer(headers, fill); // Headers is initialised: there is an instance
    }
}
