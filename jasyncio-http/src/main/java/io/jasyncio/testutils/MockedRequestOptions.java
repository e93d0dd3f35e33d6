package io.jasyncio.testutils;

import io.jasyncio.http.Headers;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.transports.Transport;
import io.jasyncio.web.Application;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The keyword arguments of aiohttp's {@code make_mocked_request(method, path, headers=, *,
 * match_info=, version=, app=, transport=, payload=)} for {@link TestUtils#makeMockedRequest}:
 * headers (in order, names may repeat), the path parameters routing would have found, the
 * application ({@code request.app()}, its {@code clientMaxSize} and JSON codec; a new
 * {@link Application} when null), the body ({@code payload}: bytes, or a {@link StreamReader} the
 * test feeds), the HTTP minor version (1 or 0), and what the request's transport reports
 * ({@code extraInfo}: {@code "peername"} gives {@code request.remote()}, {@code "sslSession"} makes
 * it {@code secure()}) or a transport of the test's own.
 *
 * <p>Immutable (the bytes are copied); a {@code StreamReader} or transport given is shared, as
 * given. Each {@code with...} method returns a changed copy and checks its argument at once.
 */
public record MockedRequestOptions(List<Map.Entry<String, String>> headers, Map<String, String> matchInfo,
        Application app, byte[] payload, StreamReader content, int versionMinor, Map<String, Object> extraInfo,
        Transport transport) {

    /** Checks and copies the values. */
    public MockedRequestOptions {
        headers = List.copyOf(headers);
        matchInfo = Map.copyOf(matchInfo); // path parameters have no order
        payload = payload == null ? null : payload.clone();
        extraInfo = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraInfo));
        if (payload != null && content != null) {
            throw new IllegalArgumentException("payload bytes and a content StreamReader can not be used at the same time");
        }
        if (versionMinor != 0 && versionMinor != 1) {
            throw new IllegalArgumentException("version must be HTTP/1.0 or HTTP/1.1 (minor 0 or 1), got minor " + versionMinor);
        }
        if (transport != null && !extraInfo.isEmpty()) {
            throw new IllegalArgumentException("extraInfo is for the mocked transport; a transport of your own reports its own");
        }
    }

    /** No headers, no path parameters, a new application, an empty body, HTTP/1.1, a transport that reports nothing. */
    public static MockedRequestOptions defaults() {
        return new MockedRequestOptions(List.of(), Map.of(), null, null, null, 1, Map.of(), null);
    }

    /** A copy with this header added after the others (a name may repeat). */
    public MockedRequestOptions withHeader(String name, String value) {
        Headers.checkName(name);
        Headers.checkValue(name, value);
        List<Map.Entry<String, String>> h = new ArrayList<>(headers);
        h.add(Map.entry(name, value));
        return new MockedRequestOptions(h, matchInfo, app, payload, content, versionMinor, extraInfo, transport);
    }

    /** A copy whose {@code request.matchInfo()} has these path parameters ({@code match_info=}). */
    public MockedRequestOptions withMatchInfo(Map<String, String> matchInfo) {
        Objects.requireNonNull(matchInfo, "matchInfo");
        return new MockedRequestOptions(headers, matchInfo, app, payload, content, versionMinor, extraInfo, transport);
    }

    /** A copy whose request belongs to this application ({@code app=}). */
    public MockedRequestOptions withApp(Application app) {
        Objects.requireNonNull(app, "app");
        return new MockedRequestOptions(headers, matchInfo, app, payload, content, versionMinor, extraInfo, transport);
    }

    /**
     * A copy whose body is these bytes ({@code payload=}); a {@code Content-Length} is added when
     * the headers have neither it nor {@code Transfer-Encoding}.
     */
    public MockedRequestOptions withPayload(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        return new MockedRequestOptions(headers, matchInfo, app, payload, null, versionMinor, extraInfo, transport);
    }

    /**
     * A copy whose body is read from {@code content}, which the test feeds ({@code feedData},
     * {@code feedEof}); say its framing with a {@code Content-Length} or
     * {@code Transfer-Encoding: chunked} header if the handler looks at it.
     */
    public MockedRequestOptions withPayload(StreamReader content) {
        Objects.requireNonNull(content, "content");
        return new MockedRequestOptions(headers, matchInfo, app, null, content, versionMinor, extraInfo, transport);
    }

    /** A copy for {@code HTTP/1.minor} ({@code version=}); 0 means no keep-alive unless asked for. */
    public MockedRequestOptions withVersion(int minor) {
        return new MockedRequestOptions(headers, matchInfo, app, payload, content, minor, extraInfo, transport);
    }

    /**
     * A copy whose mocked transport reports {@code value} for {@code getExtraInfo(name)}:
     * {@code "peername"} (a {@link SocketAddress}) is {@code request.remote()}, a
     * {@code "sslSession"} makes {@code request.secure()} true.
     */
    public MockedRequestOptions withExtraInfo(String name, Object value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if ((name.equals("peername") || name.equals("sockname")) && !(value instanceof SocketAddress)) {
            throw new IllegalArgumentException(name + " must be a SocketAddress, got " + value.getClass().getName());
        }
        Map<String, Object> info = new LinkedHashMap<>(extraInfo);
        info.put(name, value);
        return new MockedRequestOptions(headers, matchInfo, app, payload, content, versionMinor, info, transport);
    }

    /** A copy whose request reports this transport ({@code transport=}) instead of a mocked one. */
    public MockedRequestOptions withTransport(Transport transport) {
        Objects.requireNonNull(transport, "transport");
        return new MockedRequestOptions(headers, matchInfo, app, payload, content, versionMinor, extraInfo, transport);
    }
}
