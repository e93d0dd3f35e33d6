package io.jasyncio.client;

import java.util.HexFormat;

/**
 * The server's certificate is not the pinned one ({@link Fingerprint}): aiohttp's
 * {@code ServerFingerprintMismatch}, with the expected and the received digests.
 */
public final class ServerFingerprintMismatch extends ClientError {
    private static final long serialVersionUID = 1L;
    private final byte[] expected;
    private final byte[] got;
    private final String host;
    private final int port;

    public ServerFingerprintMismatch(byte[] expected, byte[] got, String host, int port) {
        super("Server fingerprint mismatch for " + host + ":" + port + ": expected sha256 "
                + HexFormat.of().formatHex(expected) + ", got " + HexFormat.of().formatHex(got));
        this.expected = expected.clone();
        this.got = got.clone();
        this.host = host;
        this.port = port;
    }

    /** The pinned SHA-256 digest. */
    public byte[] expected() {
        return expected.clone();
    }

    /** The SHA-256 digest of the certificate the server sent. */
    public byte[] got() {
        return got.clone();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
