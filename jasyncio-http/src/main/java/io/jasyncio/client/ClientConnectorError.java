package io.jasyncio.client;

/** A connection to the server could not be made: aiohttp's {@code ClientConnectorError}. */
public final class ClientConnectorError extends ClientError {
    private static final long serialVersionUID = 1L;
    private final String host;
    private final int port;

    public ClientConnectorError(String host, int port, Throwable cause) {
        super("Cannot connect to host " + host + ":" + port + " [" + cause.getMessage() + "]", cause);
        this.host = host;
        this.port = port;
    }

    /** The host the client tried. */
    public String host() {
        return host;
    }

    /** The port the client tried. */
    public int port() {
        return port;
    }
}
