package io.jasyncio.bench.pgwire;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A measurement, not a driver: the least of PostgreSQL's frontend/backend protocol 3.0 that runs
 * {@code SELECT 1} over jasyncio's own streams ({@code openConnection}), to measure what a
 * native client would cost beside pgjdbc-in-a-task and asyncpg (docs/databases.md, "A native
 * client?"). It does the startup, the authentications the CI cluster may ask for (trust,
 * cleartext, md5, SCRAM-SHA-256), and simple queries whose first column of the first row is read
 * as an int. Left out on purpose: the extended protocol (Parse/Bind/Execute, prepared
 * statements), types beyond text, TLS, COPY, notifications, cancellation. Loop-confined.
 */
final class PgWireConnection implements AutoCloseable {
    private static final int PROTOCOL_3_0 = 196608;

    private final StreamReader reader;
    private final StreamWriter writer;
    /** Received bytes: {@code buf[start, end)} are not parsed yet. */
    private byte[] buf = new byte[64 * 1024];
    private int start;
    private int end;
    /** The message last read by {@link #nextMessage}: its type and body {@code buf[body, body + bodyLen)}. */
    private byte type;
    private int body;
    private int bodyLen;

    private PgWireConnection(StreamPair streams) {
        this.reader = streams.reader();
        this.writer = streams.writer();
    }

    /** Connects, starts up and authenticates; returns at the first ReadyForQuery. Suspends. */
    static PgWireConnection connect(String host, int port, String database, String user, String password)
            throws IOException, GeneralSecurityException {
        PgWireConnection c = new PgWireConnection(Asyncio.openConnection(host, port));
        try {
            c.startUp(database, user, password);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The simple-query message for {@code sql}, built once and sent as often as wanted. */
    static byte[] query(String sql) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        byte[] m = new byte[1 + 4 + text.length + 1];
        m[0] = 'Q';
        putInt(m, 1, m.length - 1);
        System.arraycopy(text, 0, m, 5, text.length);
        return m;
    }

    /**
     * Sends a simple query and reads its answer up to ReadyForQuery; returns the first column of
     * the first row as an int. Suspends.
     *
     * @throws IOException for an ErrorResponse (after ReadyForQuery) or a lost connection
     */
    int queryInt(byte[] queryMessage) throws IOException {
        writer.write(queryMessage);
        int value = Integer.MIN_VALUE;
        String error = null;
        while (true) {
            nextMessage();
            switch (type) {
                case 'D' -> {
                    if (value == Integer.MIN_VALUE && getShort(body) > 0) {
                        int len = getInt(body + 2);
                        value = Integer.parseInt(new String(buf, body + 6, len, StandardCharsets.US_ASCII));
                    }
                }
                case 'E' -> error = errorText();
                case 'Z' -> {
                    if (error != null) {
                        throw new IOException(error);
                    }
                    return value;
                }
                default -> { } // RowDescription, CommandComplete, notices, parameter changes
            }
        }
    }

    private void startUp(String database, String user, String password) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream params = new ByteArrayOutputStream();
        for (String s : new String[] {"user", user, "database", database, "client_encoding", "UTF8"}) {
            params.writeBytes(cString(s));
        }
        params.write(0);
        byte[] startup = new byte[8 + params.size()];
        putInt(startup, 0, startup.length);
        putInt(startup, 4, PROTOCOL_3_0);
        System.arraycopy(params.toByteArray(), 0, startup, 8, params.size());
        writer.write(startup);
        ScramSha256 scram = null;
        while (true) {
            nextMessage();
            switch (type) {
                case 'R' -> {
                    int code = getInt(body);
                    switch (code) {
                        case 0 -> { } // AuthenticationOk: parameters and the backend key follow
                        case 3 -> writer.write(message('p', cString(password)));
                        case 5 -> {
                            byte[] salt = java.util.Arrays.copyOfRange(buf, body + 4, body + 8);
                            String inner = md5Hex((password + user).getBytes(StandardCharsets.UTF_8));
                            byte[] outer = concat(inner.getBytes(StandardCharsets.US_ASCII), salt);
                            writer.write(message('p', cString("md5" + md5Hex(outer))));
                        }
                        case 10 -> {
                            String mechanisms = new String(buf, body + 4, bodyLen - 4, StandardCharsets.US_ASCII);
                            if (!mechanisms.contains("SCRAM-SHA-256\0")) {
                                throw new GeneralSecurityException("no SCRAM-SHA-256 among " + mechanisms.replace('\0', ' '));
                            }
                            scram = new ScramSha256(password);
                            byte[] first = scram.clientFirst().getBytes(StandardCharsets.UTF_8);
                            byte[] len = new byte[4];
                            putInt(len, 0, first.length);
                            writer.write(message('p', concat(cString("SCRAM-SHA-256"), concat(len, first))));
                        }
                        case 11 -> writer.write(message('p', scram.clientFinal(bodyText(4)).getBytes(StandardCharsets.UTF_8)));
                        case 12 -> scram.verifyServerFinal(bodyText(4));
                        default -> throw new GeneralSecurityException("authentication method " + code + " not supported by the probe");
                    }
                }
                case 'E' -> throw new IOException(errorText());
                case 'Z' -> {
                    return;
                }
                default -> { } // ParameterStatus, BackendKeyData, notices
            }
        }
    }

    /** Reads the next whole message into {@code buf}; its body stays valid until the next call. Suspends when short. */
    private void nextMessage() throws IOException {
        need(5);
        int len = getInt(start + 1);
        need(1 + len);
        type = buf[start];
        body = start + 5;
        bodyLen = len - 4;
        start += 1 + len;
    }

    private void need(int n) throws IOException {
        while (end - start < n) {
            if (buf.length - start < n) {
                byte[] target = n > buf.length ? new byte[Math.max(n, 2 * buf.length)] : buf;
                System.arraycopy(buf, start, target, 0, end - start);
                buf = target;
                end -= start;
                start = 0;
            }
            byte[] got = reader.read(buf.length - end);
            if (got.length == 0) {
                throw new EOFException("the server closed the connection");
            }
            System.arraycopy(got, 0, buf, end, got.length);
            end += got.length;
        }
    }

    private String bodyText(int from) {
        return new String(buf, body + from, bodyLen - from, StandardCharsets.UTF_8);
    }

    /** An ErrorResponse's severity, code and message fields. */
    private String errorText() {
        StringBuilder sb = new StringBuilder();
        int i = body;
        while (buf[i] != 0) {
            byte field = buf[i++];
            int z = i;
            while (buf[z] != 0) {
                z++;
            }
            if (field == 'S' || field == 'C' || field == 'M') {
                sb.append(sb.isEmpty() ? "" : " ").append(new String(buf, i, z - i, StandardCharsets.UTF_8));
            }
            i = z + 1;
        }
        return "PostgreSQL: " + sb;
    }

    private static byte[] message(char type, byte[] payload) {
        byte[] m = new byte[5 + payload.length];
        m[0] = (byte) type;
        putInt(m, 1, 4 + payload.length);
        System.arraycopy(payload, 0, m, 5, payload.length);
        return m;
    }

    private static byte[] cString(String s) {
        return concat(s.getBytes(StandardCharsets.UTF_8), new byte[] {0});
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static String md5Hex(byte[] data) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private int getInt(int at) {
        return (buf[at] & 0xFF) << 24 | (buf[at + 1] & 0xFF) << 16 | (buf[at + 2] & 0xFF) << 8 | buf[at + 3] & 0xFF;
    }

    private int getShort(int at) {
        return (buf[at] & 0xFF) << 8 | buf[at + 1] & 0xFF;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Sends Terminate and closes the connection. */
    @Override
    public void close() {
        if (!writer.isClosing()) {
            writer.write(new byte[] {'X', 0, 0, 0, 4});
            writer.close();
        }
    }
}
