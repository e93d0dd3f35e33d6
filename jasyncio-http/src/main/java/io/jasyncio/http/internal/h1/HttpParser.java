package io.jasyncio.http.internal.h1;

import static io.jasyncio.http.internal.h1.HttpChars.FIELD_VALUE;
import static io.jasyncio.http.internal.h1.HttpChars.HEX;
import static io.jasyncio.http.internal.h1.HttpChars.TARGET;
import static io.jasyncio.http.internal.h1.HttpChars.TOKEN;
import static io.jasyncio.http.internal.h1.HttpChars.equalsIgnoreCase;
import static io.jasyncio.http.internal.h1.HttpChars.listContains;

import io.jasyncio.http.BadHttpMessage;
import io.jasyncio.http.Headers;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An incremental, strict HTTP/1.1 parser of requests (server side) or responses (client side):
 * the role of aiohttp's {@code HttpRequestParser}/{@code HttpResponseParser} (llhttp in strict
 * mode), hand-written over byte buffers.
 *
 * <p>Loop-confined. Feed it the bytes as they arrive, split anywhere; it calls its
 * {@link Listener} with each message head, the body bytes (views into the input, no copy) and the
 * end of each message, in order, so pipelined messages come out one after another. Each head's
 * bytes are gathered in the parser's buffer, then copied once into an exact-size array the
 * {@link HttpHead} owns; no {@code String} is made until one is asked for.
 *
 * <p>What it refuses (each a {@link BadHttpMessage}; the parser then stays failed), following
 * RFC 9112 and the request-smuggling fixes of llhttp/aiohttp: bare CR or LF where CRLF is due
 * (start line, fields, chunk lines and extensions), obsolete line folding, whitespace between a
 * field name and its colon, bytes outside tchar in names and CTLs in values, Content-Length with
 * Transfer-Encoding, two different Content-Lengths, a Content-Length that is not all digits,
 * Transfer-Encoding other than a single final {@code chunked} (501 for an unknown coding),
 * Transfer-Encoding in HTTP/1.0, a chunk size that is not hex or overflows, a second Host or none
 * in HTTP/1.1, a target form the method does not allow (authority-form only for CONNECT,
 * {@code *} only for OPTIONS), start lines or fields over 8190 bytes, more than 128 fields (431).
 */
public final class HttpParser {
    /** Receives what the parser finds, in order; called during {@link #feed}. */
    public interface Listener {
        /** A message head is complete; its body (if any) follows. */
        void onHead(HttpHead head);

        /** Body bytes (chunk framing removed): a view valid only during the call. */
        void onBody(ByteBuffer data);

        /** The message is complete; {@code trailers} is empty unless a chunked body sent some. */
        void onComplete(Headers trailers);
    }

    /** aiohttp's {@code max_line_size} and {@code max_field_size}. */
    public static final int DEFAULT_MAX_LINE = 8190;
    /** aiohttp's {@code max_headers}. */
    public static final int DEFAULT_MAX_HEADERS = 128;

    private static final Headers NO_TRAILERS = Headers.ofRaw(new byte[0], new int[0], 0);

    private enum State { START, HEADERS, BODY_LENGTH, BODY_EOF, CHUNK_SIZE, CHUNK_DATA, CHUNK_CR, CHUNK_LF, TRAILERS, UPGRADED, CLOSED, FAILED }

    private final boolean requests;
    private final Listener listener;
    private final int maxLine;
    private final int maxHeaders;

    private State state = State.START;
    private BadHttpMessage failure;
    private byte[] buf = new byte[256];
    private int len;
    private int lineStart;
    private HttpHead head;
    private int[] fields = new int[32];
    private int fieldCount;
    private long remaining;
    private boolean hasTransferEncoding;
    private int hostCount;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private boolean connectionUpgrade;
    private boolean hasUpgrade;
    private boolean noBodyExpected;

    private HttpParser(boolean requests, Listener listener, int maxLine, int maxHeaders) {
        if (listener == null) {
            throw new IllegalArgumentException("listener is null");
        }
        if (maxLine < 16 || maxHeaders < 1) {
            throw new IllegalArgumentException("limits too small: maxLine " + maxLine + ", maxHeaders " + maxHeaders);
        }
        this.requests = requests;
        this.listener = listener;
        this.maxLine = maxLine;
        this.maxHeaders = maxHeaders;
    }

    /** A parser of requests with aiohttp's limits. */
    public static HttpParser forRequests(Listener listener) {
        return new HttpParser(true, listener, DEFAULT_MAX_LINE, DEFAULT_MAX_HEADERS);
    }

    /** A parser of requests with these limits (bytes per line, header count). */
    public static HttpParser forRequests(Listener listener, int maxLine, int maxHeaders) {
        return new HttpParser(true, listener, maxLine, maxHeaders);
    }

    /** A parser of responses with aiohttp's limits. */
    public static HttpParser forResponses(Listener listener) {
        return new HttpParser(false, listener, DEFAULT_MAX_LINE, DEFAULT_MAX_HEADERS);
    }

    /**
     * Client side: the next response answers a HEAD request (or a CONNECT that succeeds), so it
     * has no body whatever its Content-Length says.
     */
    public void expectNoBody() {
        noBodyExpected = true;
    }

    /** Whether the parser stopped after a message that switched protocols; the rest is not HTTP. */
    public boolean isUpgraded() {
        return state == State.UPGRADED;
    }

    /** Whether a message is partly parsed (its head or body is incomplete). */
    public boolean midMessage() {
        return state != State.START && state != State.UPGRADED && state != State.CLOSED && state != State.FAILED
                || (state == State.START && len > 0);
    }

    /**
     * Parses the buffer's remaining bytes. It consumes them all, except after a message that
     * switched protocols (then the position is left at the first byte of the new protocol); bytes
     * after a message that closes the connection are dropped, as RFC 9112 §9.6 requires.
     *
     * @throws BadHttpMessage if the bytes are not a valid message (the parser stays failed)
     */
    public void feed(ByteBuffer in) throws BadHttpMessage {
        if (state == State.FAILED) {
            throw failure;
        }
        try {
            while (in.hasRemaining()) {
                switch (state) {
                    case START, HEADERS -> readHeadLine(in);
                    case BODY_LENGTH -> {
                        int n = (int) Math.min(remaining, in.remaining());
                        deliver(in, n);
                        remaining -= n;
                        if (remaining == 0) {
                            complete(NO_TRAILERS);
                        }
                    }
                    case BODY_EOF -> deliver(in, in.remaining());
                    case CHUNK_SIZE -> readChunkSize(in);
                    case CHUNK_DATA -> {
                        int n = (int) Math.min(remaining, in.remaining());
                        deliver(in, n);
                        remaining -= n;
                        if (remaining == 0) {
                            state = State.CHUNK_CR;
                        }
                    }
                    case CHUNK_CR -> {
                        expect(in.get(), '\r', "chunk data not followed by CRLF");
                        state = State.CHUNK_LF;
                    }
                    case CHUNK_LF -> {
                        expect(in.get(), '\n', "chunk data not followed by CRLF (bare CR)");
                        state = State.CHUNK_SIZE;
                    }
                    case TRAILERS -> readTrailerLine(in);
                    case UPGRADED -> {
                        return;
                    }
                    case CLOSED -> in.position(in.limit());
                    case FAILED -> throw failure;
                }
            }
        } catch (BadHttpMessage e) {
            state = State.FAILED;
            failure = e;
            throw e;
        }
    }

    /**
     * The peer closed the connection: completes a response read until EOF.
     *
     * @throws BadHttpMessage if a message was cut short
     */
    public void feedEof() throws BadHttpMessage {
        if (state == State.BODY_EOF) {
            complete(NO_TRAILERS);
            state = State.CLOSED;
            return;
        }
        if (state == State.FAILED) {
            throw failure;
        }
        if (midMessage()) {
            state = State.FAILED;
            failure = new BadHttpMessage(400, "connection closed in the middle of a message (state " + state + ")");
            throw failure;
        }
    }

    private void deliver(ByteBuffer in, int n) {
        int pos = in.position();
        ByteBuffer view = in.slice(pos, n);
        in.position(pos + n);
        listener.onBody(view);
    }

    private static void expect(byte got, char want, String what) throws BadHttpMessage {
        if (got != want) {
            throw new BadHttpMessage(400, what);
        }
    }

    /**
     * Copies input up to and including the next LF into {@code buf}; returns the index of that LF
     * in {@code buf}, or -1 when the line is not complete yet (all input consumed).
     */
    private int takeLine(ByteBuffer in, int limit, int tooLongStatus, String what) throws BadHttpMessage {
        int pos = in.position();
        int end = in.limit();
        int lf = -1;
        for (int i = pos; i < end; i++) {
            if (in.get(i) == '\n') {
                lf = i;
                break;
            }
        }
        int n = (lf < 0 ? end : lf + 1) - pos;
        int lineLen = len - lineStart + n - (lf < 0 ? 0 : 2);
        if (lineLen > limit) {
            throw new BadHttpMessage(tooLongStatus, what + " is longer than " + limit + " bytes");
        }
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        in.get(pos, buf, len, n);
        in.position(pos + n);
        len += n;
        return lf < 0 ? -1 : len - 1;
    }

    /** The end of the line's content (before CR) given its LF index; refuses a bare LF. */
    private int contentEnd(int lfIndex) throws BadHttpMessage {
        if (lfIndex == lineStart || buf[lfIndex - 1] != '\r') {
            throw new BadHttpMessage(400, "bare LF where CRLF is required");
        }
        return lfIndex - 1;
    }

    private void readHeadLine(ByteBuffer in) throws BadHttpMessage {
        boolean startLine = state == State.START;
        int lf = startLine
                ? takeLine(in, maxLine, 400, requests ? "request line" : "status line")
                : takeLine(in, maxLine, 431, "header field");
        if (lf < 0) {
            return;
        }
        int end = contentEnd(lf);
        if (startLine) {
            if (end == lineStart) {
                // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line.
                len = 0;
                lineStart = 0;
                return;
            }
            head = new HttpHead(buf, requests);
            if (requests) {
                parseRequestLine(lineStart, end);
            } else {
                parseStatusLine(lineStart, end);
            }
            state = State.HEADERS;
        } else if (end == lineStart) {
            finishHead();
            return;
        } else {
            parseField(lineStart, end, false);
        }
        lineStart = len;
    }

    private void parseRequestLine(int from, int to) throws BadHttpMessage {
        int i = from;
        while (i < to && TOKEN[buf[i] & 0xff]) {
            i++;
        }
        if (i == from || i >= to || buf[i] != ' ') {
            throw new BadHttpMessage(400, "bad request line: the method is not a token followed by one space");
        }
        head.methodStart = from;
        head.methodEnd = i;
        int t = ++i;
        while (i < to && TARGET[buf[i] & 0xff]) {
            i++;
        }
        if (i == t || i >= to || buf[i] != ' ') {
            throw new BadHttpMessage(400, "bad request line: the target is empty or holds a space or control byte");
        }
        head.targetStart = t;
        head.targetEnd = i;
        head.versionMinor = parseVersion(i + 1, to, "request line");
        checkTargetForm();
    }

    private void checkTargetForm() throws BadHttpMessage {
        int t = head.targetStart;
        int n = head.targetEnd - t;
        boolean connect = head.methodIs("CONNECT");
        if (connect) {
            // RFC 9112 §3.2.3: CONNECT takes the authority-form (host:port) and only it.
            if (buf[t] == '/' || indexOf(t, head.targetEnd, (byte) ':') < 0 || indexOf(t, head.targetEnd, (byte) '/') >= 0) {
                throw new BadHttpMessage(400, "CONNECT needs an authority-form target (host:port)");
            }
            return;
        }
        if (buf[t] == '/') {
            return;
        }
        if (n == 1 && buf[t] == '*') {
            if (!head.methodIs("OPTIONS")) {
                throw new BadHttpMessage(400, "the asterisk-form target is only for OPTIONS");
            }
            return;
        }
        // absolute-form: scheme "://" ... (RFC 9112 §3.2.2: a server MUST accept it)
        int colon = indexOf(t, head.targetEnd, (byte) ':');
        boolean scheme = colon > t && Character.isLetter(buf[t]);
        for (int k = t; scheme && k < colon; k++) {
            int c = buf[k];
            scheme = Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.';
        }
        if (!scheme || colon + 2 >= head.targetEnd || buf[colon + 1] != '/' || buf[colon + 2] != '/') {
            throw new BadHttpMessage(400, "the target is neither origin-form (/path) nor absolute-form (scheme://...)");
        }
    }

    private int indexOf(int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int parseVersion(int from, int to, String where) throws BadHttpMessage {
        if (to - from != 8 || buf[from] != 'H' || buf[from + 1] != 'T' || buf[from + 2] != 'T' || buf[from + 3] != 'P'
                || buf[from + 4] != '/' || !digit(buf[from + 5]) || buf[from + 6] != '.' || !digit(buf[from + 7])) {
            throw new BadHttpMessage(400, "bad " + where + ": the version is not HTTP/d.d");
        }
        if (buf[from + 5] != '1' || buf[from + 7] > '1') {
            throw new BadHttpMessage(505, "HTTP version " + (char) buf[from + 5] + "." + (char) buf[from + 7] + " is not supported");
        }
        return buf[from + 7] - '0';
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private void parseStatusLine(int from, int to) throws BadHttpMessage {
        if (to - from < 12) {
            throw new BadHttpMessage(400, "bad status line: too short");
        }
        head.versionMinor = parseVersion(from, from + 8, "status line");
        int s = from + 9;
        if (buf[from + 8] != ' ' || !digit(buf[s]) || !digit(buf[s + 1]) || !digit(buf[s + 2])
                || (s + 3 < to && buf[s + 3] != ' ')) {
            throw new BadHttpMessage(400, "bad status line: no three-digit status code");
        }
        head.status = (buf[s] - '0') * 100 + (buf[s + 1] - '0') * 10 + (buf[s + 2] - '0');
        if (head.status < 100) {
            throw new BadHttpMessage(400, "bad status line: status " + head.status + " is below 100");
        }
        int r = Math.min(s + 4, to);
        for (int i = r; i < to; i++) {
            if (!FIELD_VALUE[buf[i] & 0xff]) {
                throw new BadHttpMessage(400, "bad status line: control byte in the reason phrase");
            }
        }
        head.reasonStart = r;
        head.reasonEnd = to;
    }

    private void parseField(int from, int to, boolean trailer) throws BadHttpMessage {
        byte first = buf[from];
        if (first == ' ' || first == '\t') {
            throw new BadHttpMessage(400, "obsolete line folding (RFC 9112 §5.2) is refused");
        }
        int i = from;
        while (i < to && TOKEN[buf[i] & 0xff]) {
            i++;
        }
        if (i == to || buf[i] != ':') {
            String why = i < to && (buf[i] == ' ' || buf[i] == '\t')
                    ? "whitespace between a field name and its colon (RFC 9112 §5.1)"
                    : "a field name holds a byte that is not a token char, or the colon is missing";
            throw new BadHttpMessage(400, "invalid header: " + why);
        }
        if (i == from) {
            throw new BadHttpMessage(400, "invalid header: empty field name");
        }
        int nameEnd = i++;
        while (i < to && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
        }
        int vs = i;
        int ve = to;
        while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
            ve--;
        }
        for (int k = vs; k < ve; k++) {
            if (!FIELD_VALUE[buf[k] & 0xff]) {
                throw new BadHttpMessage(400, "invalid header value: control byte 0x"
                        + Integer.toHexString(buf[k] & 0xff) + " (a bare CR, NUL or other CTL)");
            }
        }
        if (fieldCount == maxHeaders) {
            throw new BadHttpMessage(431, "more than " + maxHeaders + " header fields");
        }
        if (4 * fieldCount + 4 > fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        int f = 4 * fieldCount++;
        fields[f] = from;
        fields[f + 1] = nameEnd;
        fields[f + 2] = vs;
        fields[f + 3] = ve;
        if (!trailer) {
            framingField(from, nameEnd, vs, ve);
        }
    }

    private void framingField(int ns, int ne, int vs, int ve) throws BadHttpMessage {
        switch (ne - ns) {
            case 14 -> {
                if (equalsIgnoreCase(buf, ns, ne, "content-length")) {
                    long v = parseContentLength(vs, ve);
                    if (head.contentLength >= 0 && head.contentLength != v) {
                        throw new BadHttpMessage(400, "two different Content-Length values");
                    }
                    head.contentLength = v;
                }
            }
            case 17 -> {
                if (equalsIgnoreCase(buf, ns, ne, "transfer-encoding")) {
                    transferEncoding(vs, ve);
                }
            }
            case 10 -> {
                if (equalsIgnoreCase(buf, ns, ne, "connection")) {
                    connectionClose |= listContains(buf, vs, ve, "close");
                    connectionKeepAlive |= listContains(buf, vs, ve, "keep-alive");
                    connectionUpgrade |= listContains(buf, vs, ve, "upgrade");
                }
            }
            case 4 -> {
                if (equalsIgnoreCase(buf, ns, ne, "host")) {
                    hostCount++;
                    checkHost(vs, ve);
                }
            }
            case 7 -> {
                if (equalsIgnoreCase(buf, ns, ne, "upgrade")) {
                    hasUpgrade = true;
                }
            }
            case 6 -> {
                if (equalsIgnoreCase(buf, ns, ne, "expect") && equalsIgnoreCase(buf, vs, ve, "100-continue")) {
                    head.expectContinue = true;
                }
            }
            default -> { }
        }
    }

    /** Host = uri-host [ ":" port ] (RFC 9110 §7.2, RFC 3986 §3.2.2); empty is allowed. */
    private void checkHost(int vs, int ve) throws BadHttpMessage {
        int i = vs;
        if (i < ve && buf[i] == '[') {
            i++;
            while (i < ve && (HEX[buf[i] & 0xff] >= 0 || buf[i] == ':' || buf[i] == '.')) {
                i++;
            }
            if (i == ve || buf[i] != ']') {
                throw new BadHttpMessage(400, "invalid Host: a bad IP literal");
            }
            i++;
        } else {
            while (i < ve && HttpChars.REG_NAME[buf[i] & 0xff]) {
                if (buf[i] == '%' && (i + 2 >= ve || HEX[buf[i + 1] & 0xff] < 0 || HEX[buf[i + 2] & 0xff] < 0)) {
                    throw new BadHttpMessage(400, "invalid Host: a bad percent-escape");
                }
                i++;
            }
        }
        if (i < ve && buf[i] == ':') {
            // RFC 3986 allows an empty port, but "Host: :" and "Host: h:" are refused as strict
            // Jetty does (found by the differential fuzzing): a port, when given, has digits
            int digits = ++i;
            while (i < ve && digit(buf[i])) {
                i++;
            }
            if (i == digits || digits == vs + 1) {
                throw new BadHttpMessage(400, "invalid Host: an empty host or port around ':'");
            }
        }
        if (i != ve) {
            throw new BadHttpMessage(400, "invalid Host: not host[:port]");
        }
    }

    private long parseContentLength(int vs, int ve) throws BadHttpMessage {
        if (vs == ve || ve - vs > 18) {
            throw new BadHttpMessage(400, "invalid Content-Length: empty or too long");
        }
        long v = 0;
        for (int k = vs; k < ve; k++) {
            byte b = buf[k];
            if (!digit(b)) {
                throw new BadHttpMessage(400, "invalid Content-Length: not all digits");
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }

    private void transferEncoding(int vs, int ve) throws BadHttpMessage {
        int i = vs;
        while (i <= ve) {
            int s = i;
            while (i < ve && buf[i] != ',') {
                i++;
            }
            int e = i;
            while (s < e && (buf[s] == ' ' || buf[s] == '\t')) {
                s++;
            }
            while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t')) {
                e--;
            }
            if (s == e) {
                throw new BadHttpMessage(400, "invalid Transfer-Encoding: an empty coding");
            }
            if (!equalsIgnoreCase(buf, s, e, "chunked")) {
                if (head.chunked) {
                    throw new BadHttpMessage(400, "invalid Transfer-Encoding: chunked is not the final coding");
                }
                throw new BadHttpMessage(501, "Transfer-Encoding " + new String(buf, s, e - s,
                        java.nio.charset.StandardCharsets.ISO_8859_1) + " is not implemented (only chunked)");
            }
            if (head.chunked) {
                throw new BadHttpMessage(400, "invalid Transfer-Encoding: chunked given twice");
            }
            head.chunked = true;
            hasTransferEncoding = true;
            i++;
        }
    }

    private void finishHead() throws BadHttpMessage {
        HttpHead h = head;
        // The head keeps an exact copy and the parser its buffer: a copy of the head's bytes costs
        // less than a fresh 256-byte (zeroed) buffer per head; a buffer grown for a big head is let go.
        byte[] own = Arrays.copyOf(buf, len);
        h.bytes = own;
        if (hasTransferEncoding && h.contentLength >= 0) {
            throw new BadHttpMessage(400, "both Content-Length and Transfer-Encoding (request smuggling, RFC 9112 §6.3)");
        }
        if (requests) {
            if (hasTransferEncoding && h.versionMinor == 0) {
                throw new BadHttpMessage(400, "Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1)");
            }
            if (hostCount > 1) {
                throw new BadHttpMessage(400, "more than one Host field (RFC 9112 §3.2)");
            }
            if (hostCount == 0 && h.versionMinor == 1) {
                throw new BadHttpMessage(400, "an HTTP/1.1 request without Host (RFC 9112 §3.2)");
            }
        }
        h.keepAlive = h.versionMinor == 1 ? !connectionClose : connectionKeepAlive && !connectionClose;
        h.upgrade = requests ? (hasUpgrade && connectionUpgrade) || h.methodIs("CONNECT")
                : h.status == 101;
        h.headers = Headers.ofRaw(own, Arrays.copyOf(fields, 4 * fieldCount), fieldCount);
        if (buf.length > 4096) {
            buf = new byte[256];
        }
        len = 0;
        lineStart = 0;
        boolean interim = !requests && h.status < 200 && h.status != 101;
        boolean noBody = !requests && (interim || h.status == 101 || h.status == 204 || h.status == 304 || noBodyExpected);
        if (!requests && !interim) {
            noBodyExpected = false;
        }
        listener.onHead(h);
        if (noBody) {
            complete(NO_TRAILERS);
        } else if (h.chunked) {
            state = State.CHUNK_SIZE;
        } else if (h.contentLength > 0) {
            remaining = h.contentLength;
            state = State.BODY_LENGTH;
        } else if (h.contentLength == 0 || requests) {
            complete(NO_TRAILERS);
        } else {
            h.keepAlive = false;
            state = State.BODY_EOF;
        }
    }

    private void readChunkSize(ByteBuffer in) throws BadHttpMessage {
        int lf = takeLine(in, maxLine, 400, "chunk size line");
        if (lf < 0) {
            return;
        }
        int end = contentEnd(lf);
        int i = lineStart;
        long size = 0;
        while (i < end && HEX[buf[i] & 0xff] >= 0) {
            if (size > (Long.MAX_VALUE >> 4)) {
                throw new BadHttpMessage(400, "chunk size overflows");
            }
            size = (size << 4) | HEX[buf[i] & 0xff];
            i++;
        }
        if (i == lineStart) {
            throw new BadHttpMessage(400, "invalid chunk size: no hex digits");
        }
        checkChunkExtensions(i, end);
        len = 0;
        lineStart = 0;
        if (size == 0) {
            fieldCount = 0;
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    /** chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] ), RFC 9112 §7.1.1. */
    private void checkChunkExtensions(int i, int end) throws BadHttpMessage {
        while (i < end) {
            i = skipBws(i, end);
            if (i == end || buf[i] != ';') {
                throw new BadHttpMessage(400, "invalid chunk size line: unexpected byte 0x" + Integer.toHexString(buf[i] & 0xff));
            }
            i = skipBws(i + 1, end);
            int s = i;
            while (i < end && TOKEN[buf[i] & 0xff]) {
                i++;
            }
            if (i == s) {
                throw new BadHttpMessage(400, "invalid chunk extension: empty name");
            }
            i = skipBws(i, end);
            if (i < end && buf[i] == '=') {
                i = skipBws(i + 1, end);
                if (i < end && buf[i] == '"') {
                    i = quotedString(i + 1, end);
                } else {
                    int v = i;
                    while (i < end && TOKEN[buf[i] & 0xff]) {
                        i++;
                    }
                    if (i == v) {
                        throw new BadHttpMessage(400, "invalid chunk extension: empty value");
                    }
                }
            }
        }
    }

    private int quotedString(int i, int end) throws BadHttpMessage {
        while (i < end) {
            int c = buf[i] & 0xff;
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i++;
                if (i == end) {
                    break;
                }
                c = buf[i] & 0xff;
            }
            if (!FIELD_VALUE[c]) {
                throw new BadHttpMessage(400, "invalid chunk extension: control byte in a quoted string");
            }
            i++;
        }
        throw new BadHttpMessage(400, "invalid chunk extension: unterminated quoted string");
    }

    private int skipBws(int i, int end) {
        while (i < end && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
        }
        return i;
    }

    private void readTrailerLine(ByteBuffer in) throws BadHttpMessage {
        int lf = takeLine(in, maxLine, 431, "trailer field");
        if (lf < 0) {
            return;
        }
        int end = contentEnd(lf);
        if (end == lineStart) {
            Headers trailers = fieldCount == 0 ? NO_TRAILERS
                    : Headers.ofRaw(Arrays.copyOf(buf, len), Arrays.copyOf(fields, 4 * fieldCount), fieldCount);
            len = 0;
            lineStart = 0;
            complete(trailers);
            return;
        }
        parseField(lineStart, end, true);
        lineStart = len;
    }

    private void complete(Headers trailers) {
        HttpHead h = head;
        head = null;
        fieldCount = 0;
        hasTransferEncoding = false;
        hostCount = 0;
        connectionClose = false;
        connectionKeepAlive = false;
        connectionUpgrade = false;
        hasUpgrade = false;
        boolean interim = !requests && h.status < 200 && h.status != 101;
        if (h.upgrade) {
            state = State.UPGRADED;
        } else if (!h.keepAlive && !interim && state != State.BODY_EOF) {
            state = State.CLOSED;
        } else {
            state = State.START;
        }
        listener.onComplete(trailers);
    }
}
