package io.jasyncio.http.internal.h1;

import io.jasyncio.http.BadHttpMessage;
import io.jasyncio.http.Headers;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: runs a parser over input (whole, or split at every byte) and records what it found. */
final class Parsed implements HttpParser.Listener {
    record Message(HttpHead head, byte[] body, Headers trailers) {
        String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    final List<Message> messages = new ArrayList<>();
    private HttpHead current;
    private ByteArrayOutputStream body;
    BadHttpMessage error;
    boolean upgraded;
    byte[] rest;

    @Override
    public void onHead(HttpHead head) {
        current = head;
        body = new ByteArrayOutputStream();
    }

    @Override
    public void onBody(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        body.writeBytes(b);
    }

    @Override
    public void onComplete(Headers trailers) {
        messages.add(new Message(current, body.toByteArray(), trailers));
    }

    static Parsed requests(String input) {
        return run(true, input.getBytes(StandardCharsets.ISO_8859_1), Integer.MAX_VALUE, false);
    }

    static Parsed responses(String input, boolean eof) {
        return run(false, input.getBytes(StandardCharsets.ISO_8859_1), Integer.MAX_VALUE, eof);
    }

    /** Feeds {@code input} in pieces of {@code step} bytes. */
    static Parsed run(boolean requests, byte[] input, int step, boolean eof) {
        Parsed p = new Parsed();
        HttpParser parser = requests ? HttpParser.forRequests(p) : HttpParser.forResponses(p);
        try {
            for (int i = 0; i < input.length; i += step) {
                ByteBuffer in = ByteBuffer.wrap(input, i, Math.min(step, input.length - i));
                parser.feed(in);
                if (parser.isUpgraded()) {
                    ByteArrayOutputStream rest = new ByteArrayOutputStream();
                    rest.write(input, in.position(), input.length - in.position());
                    p.rest = rest.toByteArray();
                    p.upgraded = true;
                    break;
                }
            }
            if (eof) {
                parser.feedEof();
            }
        } catch (BadHttpMessage e) {
            p.error = e;
        }
        return p;
    }
}
