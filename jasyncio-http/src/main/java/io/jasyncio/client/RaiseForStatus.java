package io.jasyncio.client;

import java.io.IOException;

/**
 * What a session (or one request) does with each final response before handing it out: aiohttp
 * 3.9's {@code raise_for_status=}, a bool or a coroutine function {@code (response) -> None}.
 * {@link #ON_ERROR} is {@code True} ({@link ClientResponse#raiseForStatus()}: a
 * {@link ClientResponseError} for a status of 400 or more), {@link #NEVER} is {@code False}, and
 * any other lambda is aiohttp's callable: it may read the response (even its body) and suspend,
 * and whatever it throws reaches the caller of the request.
 *
 * <pre>{@code
 * RaiseForStatus only5xx = resp -> {
 *     if (resp.status() >= 500) {
 *         throw new ClientResponseError(resp.status(), resp.text(), resp.url());
 *     }
 * };
 * new ClientSession(SessionOptions.defaults().withRaiseForStatus(only5xx));
 * }</pre>
 *
 * <p>It runs in the request's task, after redirects (on the last response only), inside the
 * request's {@code total} timeout. Difference from aiohttp: when it throws, the response is
 * released before the exception reaches the caller, who never sees the response (aiohttp leaves
 * that to the garbage collector).
 */
@FunctionalInterface
public interface RaiseForStatus {
    /** {@code raise_for_status=False}: every response is handed out as it is. */
    RaiseForStatus NEVER = response -> {};

    /** {@code raise_for_status=True}: {@link ClientResponse#raiseForStatus()}. */
    RaiseForStatus ON_ERROR = ClientResponse::raiseForStatus;

    /**
     * Checks {@code response}; throwing fails the request with that exception. May suspend.
     *
     * @throws IOException (a {@link ClientResponseError}, typically) to fail the request
     */
    void check(ClientResponse response) throws IOException;

    /** {@link #ON_ERROR} for true, {@link #NEVER} for false. */
    static RaiseForStatus of(boolean raise) {
        return raise ? ON_ERROR : NEVER;
    }
}
