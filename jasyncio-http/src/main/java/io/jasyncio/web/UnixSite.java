package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A Unix domain socket site: aiohttp's {@code web.UnixSite}.
 *
 * <p>Loop-confined.
 */
public final class UnixSite extends BaseSite {
    private final Path path;

    /** A site listening on the socket file {@code path}. */
    public UnixSite(AppRunner runner, Path path) {
        super(runner);
        if (path == null) {
            throw new IllegalArgumentException("path is null");
        }
        this.path = path;
    }

    @Override
    Server bind() throws IOException {
        return Asyncio.getRunningLoop().createUnixServer(runner.protocolFactory(), path, ServerOptions.of((String) null, 0));
    }

    /** The socket file. */
    public Path path() {
        return path;
    }

    @Override
    public String name() {
        return "http://unix:" + path + ":";
    }
}
