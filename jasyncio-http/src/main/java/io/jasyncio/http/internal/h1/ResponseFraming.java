package io.jasyncio.http.internal.h1;

import io.jasyncio.http.Headers;
import java.util.function.Consumer;

/**
 * The fields a server adds to every response head, aiohttp's {@code _prepare_headers}: the body's
 * framing ({@code Content-Length} or {@code Transfer-Encoding: chunked}), {@code Date} and
 * {@code Server} unless the handler set them ({@code setdefault}), and {@code Connection} when
 * the default for the version does not hold.
 *
 * <p>{@link HttpWriter#responseHead(int, int, String, Headers, ResponseFraming, byte[])} writes
 * them from these values straight into the head's bytes, after the handler's fields; as a
 * {@code Consumer<Headers>} it adds the same fields, in the same order, to a response's headers
 * (done lazily, when someone looks at them after the head went out). Immutable.
 *
 * @param contentLength the Content-Length to announce, or -1 for none
 * @param chunked whether the body is chunked (Transfer-Encoding; any Content-Length goes)
 * @param date the Date value to add if none is set, or null to add none
 * @param server whether to add {@code Server: jasyncio} if none is set
 * @param connection the Connection value to set ({@code close} or {@code keep-alive}), or null
 */
public record ResponseFraming(long contentLength, boolean chunked, String date, boolean server, String connection)
        implements Consumer<Headers> {
    /** The server's name in the {@code Server} field. */
    public static final String SERVER = "jasyncio";

    /** Bits of {@link #present}: a field named Content-Length, Transfer-Encoding or Connection. */
    public static final int FRAMING = 1;
    /** Bit of {@link #present}: a field named Date. */
    public static final int DATE = 2;
    /** Bit of {@link #present}: a field named Server. */
    public static final int SERVER_FIELD = 4;

    /**
     * Which of the fields this record may write {@code headers} already holds, in one pass:
     * {@link #FRAMING}, {@link #DATE}, {@link #SERVER_FIELD} or'ed.
     */
    public static int present(Headers headers) {
        int bits = 0;
        for (int i = 0, n = headers.size(); i < n; i++) {
            // compare by length first: the usual fields (Content-Type, ...) are rejected in one test
            String name = headers.name(i);
            switch (name.length()) {
                case 4 -> bits |= name.equalsIgnoreCase("Date") ? DATE : 0;
                case 6 -> bits |= name.equalsIgnoreCase("Server") ? SERVER_FIELD : 0;
                case 10 -> bits |= name.equalsIgnoreCase("Connection") ? FRAMING : 0;
                case 14 -> bits |= name.equalsIgnoreCase("Content-Length") ? FRAMING : 0;
                case 17 -> bits |= name.equalsIgnoreCase("Transfer-Encoding") ? FRAMING : 0;
                default -> { }
            }
        }
        return bits;
    }

    /** Adds the fields to {@code headers} as the head has them: set, or set if absent for Date and Server. */
    @Override
    public void accept(Headers headers) {
        if (chunked) {
            headers.set("Transfer-Encoding", "chunked");
            headers.remove("Content-Length");
        } else if (contentLength >= 0) {
            headers.set("Content-Length", Long.toString(contentLength));
        }
        if (date != null) {
            headers.setDefault("Date", date);
        }
        if (server) {
            headers.setDefault("Server", SERVER);
        }
        if (connection != null) {
            headers.set("Connection", connection);
        }
    }
}
