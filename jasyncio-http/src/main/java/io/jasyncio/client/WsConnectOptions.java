package io.jasyncio.client;

import io.jasyncio.http.Headers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The arguments of aiohttp's {@code session.ws_connect(url, ...)}: {@code protocols} offered
 * (Sec-WebSocket-Protocol), {@code heartbeat} (seconds between pings, 0 for none; no pong within
 * half of it closes with 1006), {@code autoping} (answer pings, swallow pongs; default true),
 * {@code autoclose} (answer a close frame and close; default true), {@code maxMsgSize} (4 MiB,
 * 0 for none), {@code compress} (offer permessage-deflate; default true), extra headers, and the
 * handshake's {@link ClientTimeout} (the session's when null).
 *
 * <p>Immutable and thread-safe: each {@code with...} method returns a changed copy.
 */
public record WsConnectOptions(List<String> protocols, double heartbeat, boolean autoping, boolean autoclose,
        int maxMsgSize, boolean compress, Map<String, String> headers, ClientTimeout timeout) {

    /** Checks the values. */
    public WsConnectOptions {
        protocols = List.copyOf(protocols);
        for (String p : protocols) {
            Headers.checkName(p); // a protocol is a token (RFC 6455 §4.1)
        }
        headers = OrderedCopy.of(headers, "headers");
        if (!(heartbeat >= 0)) {
            throw new IllegalArgumentException("heartbeat must be >= 0 seconds, got " + heartbeat);
        }
        if (maxMsgSize < 0) {
            throw new IllegalArgumentException("maxMsgSize must be >= 0 (0: no limit), got " + maxMsgSize);
        }
    }

    /** aiohttp's defaults: no protocols, no heartbeat, autoping, autoclose, 4 MiB, compression offered. */
    public static WsConnectOptions defaults() {
        return new WsConnectOptions(List.of(), 0, true, true, 4 * 1024 * 1024, true, Map.of(), null);
    }

    public WsConnectOptions withProtocols(String... protocols) {
        return new WsConnectOptions(List.of(protocols), heartbeat, autoping, autoclose, maxMsgSize, compress, headers,
                timeout);
    }

    public WsConnectOptions withHeartbeat(double seconds) {
        return new WsConnectOptions(protocols, seconds, autoping, autoclose, maxMsgSize, compress, headers, timeout);
    }

    public WsConnectOptions withAutoping(boolean autoping) {
        return new WsConnectOptions(protocols, heartbeat, autoping, autoclose, maxMsgSize, compress, headers, timeout);
    }

    public WsConnectOptions withAutoclose(boolean autoclose) {
        return new WsConnectOptions(protocols, heartbeat, autoping, autoclose, maxMsgSize, compress, headers, timeout);
    }

    public WsConnectOptions withMaxMsgSize(int bytes) {
        return new WsConnectOptions(protocols, heartbeat, autoping, autoclose, bytes, compress, headers, timeout);
    }

    public WsConnectOptions withCompress(boolean compress) {
        return new WsConnectOptions(protocols, heartbeat, autoping, autoclose, maxMsgSize, compress, headers, timeout);
    }

    /** A copy with this handshake header added (or replaced): {@code Origin}, {@code Authorization}... */
    public WsConnectOptions withHeader(String name, String value) {
        Headers.checkName(name);
        Headers.checkValue(name, value);
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new WsConnectOptions(protocols, heartbeat, autoping, autoclose, maxMsgSize, compress, h, timeout);
    }

    public WsConnectOptions withTimeout(ClientTimeout timeout) {
        return new WsConnectOptions(protocols, heartbeat, autoping, autoclose, maxMsgSize, compress, headers,
                Objects.requireNonNull(timeout, "timeout"));
    }
}
