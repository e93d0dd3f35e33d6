package io.jasyncio.web;

import io.jasyncio.transports.Server;
import java.io.IOException;

/**
 * Where an {@link AppRunner} listens: aiohttp's {@code BaseSite}. {@link #start()} binds and
 * starts accepting; {@link #stop()} stops accepting (live connections are the runner's to end).
 *
 * <p>Loop-confined.
 */
public abstract sealed class BaseSite permits TcpSite, UnixSite {
    final AppRunner runner;
    Server server;

    BaseSite(AppRunner runner) {
        if (runner == null) {
            throw new IllegalArgumentException("runner is null");
        }
        this.runner = runner;
    }

    /**
     * Binds and starts accepting connections. Suspends while the address is resolved.
     *
     * @throws IOException if the address cannot be bound
     * @throws IllegalStateException if the runner is not set up or the site already started
     */
    public final void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("the site is already started");
        }
        server = bind();
        runner.addSite(this);
    }

    abstract Server bind() throws IOException;

    /** Stops accepting and closes the listening socket. Idempotent. */
    public final void stop() {
        if (server != null) {
            server.close();
            runner.removeSite(this);
        }
    }

    /** The site's URL, e.g. {@code http://127.0.0.1:8080}. */
    public abstract String name();
}
