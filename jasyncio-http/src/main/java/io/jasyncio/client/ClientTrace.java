package io.jasyncio.client;

import io.jasyncio.http.Headers;

import java.net.URI;

/**
 * Hooks that tell what a session's requests do, for logging and metrics: aiohttp's
 * {@code TraceConfig} signals. Implement the methods you need (the others do nothing); they run
 * in the request's task, in order, and an exception thrown by one fails the request.
 */
public interface ClientTrace {
    /** A request starts (before the pool, the middlewares' first call included): {@code on_request_start}. */
    default void onRequestStart(String method, URI url, Headers headers) {
    }

    /** A redirect response arrived and will be followed: {@code on_request_redirect}. */
    default void onRequestRedirect(String method, URI url, ClientResponse response) {
    }

    /** The final response's head arrived: {@code on_request_end}. */
    default void onRequestEnd(String method, URI url, ClientResponse response) {
    }

    /** The request failed (any error, a timeout or a cancellation): {@code on_request_exception}. */
    default void onRequestException(String method, URI url, Throwable error) {
    }

    /** A request waits for a free connection (a pool limit): {@code on_connection_queued_start}. */
    default void onConnectionQueuedStart(String host, int port) {
    }

    /** The waiting request got a slot: {@code on_connection_queued_end}. */
    default void onConnectionQueuedEnd(String host, int port) {
    }

    /** A new connection is being opened (TCP, proxy tunnel, TLS): {@code on_connection_create_start}. */
    default void onConnectionCreateStart(String host, int port) {
    }

    /** The new connection is open: {@code on_connection_create_end}. */
    default void onConnectionCreateEnd(String host, int port) {
    }

    /** An idle keep-alive connection is reused: {@code on_connection_reuseconn}. */
    default void onConnectionReuseconn(String host, int port) {
    }
}
