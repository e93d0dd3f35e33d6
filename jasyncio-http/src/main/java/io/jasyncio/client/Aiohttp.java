package io.jasyncio.client;

import io.jasyncio.TimeoutError;

import java.io.IOException;
import java.util.Objects;

/**
 * aiohttp's module-level client function: {@code aiohttp.request(method, url, ...)}, one request
 * without a session of your own.
 *
 * <pre>{@code
 * try (ClientResponse resp = Aiohttp.request("GET", "http://127.0.0.1:8080/json")) {   // async with aiohttp.request(...) as resp
 *     Map<?, ?> body = resp.json(Map.class);
 * }
 * }</pre>
 *
 * <p>Each call makes a {@link ClientSession} that never reuses a connection ({@code forceClose},
 * as aiohttp's {@code TCPConnector(force_close=True)}), sends the request, and closes the session
 * when the response is released ({@link ClientResponse#close()}, the end of try-with-resources)
 * or when the request fails. The body stays readable until then. For more than one request make
 * a session: it keeps connections alive and cookies between requests.
 *
 * <p>Not a class to instantiate; the methods run inside a task and suspend.
 */
public final class Aiohttp {
    private Aiohttp() {}

    /** {@link #request(String, String, RequestOptions, SessionOptions)} with no options. */
    public static ClientResponse request(String method, String url) throws IOException {
        return request(method, url, RequestOptions.defaults(), SessionOptions.defaults());
    }

    /** {@link #request(String, String, RequestOptions, SessionOptions)} with a default session. */
    public static ClientResponse request(String method, String url, RequestOptions opts) throws IOException {
        return request(method, url, opts, SessionOptions.defaults());
    }

    /**
     * Sends one request through a session of its own, made with {@code session} (aiohttp's
     * {@code timeout=}, {@code connector=}... arguments: timeout, TLS, proxy, Unix socket, JSON
     * codec) and {@code forceClose}, and suspends until the response's head has arrived. Release
     * the response (try-with-resources) to close that session.
     *
     * @throws ClientError as {@link ClientSession#request} (the session is closed first)
     * @throws TimeoutError if a phase of the timeout passes
     * @throws io.jasyncio.CancelledError if the task is cancelled
     */
    public static ClientResponse request(String method, String url, RequestOptions opts, SessionOptions session)
            throws IOException {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(opts, "opts");
        Objects.requireNonNull(session, "session");
        ClientSession s = new ClientSession(session.withForceClose(true));
        boolean handedOut = false;
        try {
            ClientResponse resp = s.request(method, url, opts);
            resp.closeSessionOnRelease(s);
            handedOut = true;
            return resp;
        } finally {
            if (!handedOut) {
                s.close();
            }
        }
    }
}
