package io.jasyncio.web;

import io.jasyncio.Asyncio;
import io.jasyncio.http.BadHttpMessage;
import io.jasyncio.http.Headers;
import io.jasyncio.http.internal.h1.HttpHead;
import io.jasyncio.http.internal.h1.HttpParser;
import io.jasyncio.streams.StreamPair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test client: sends raw bytes on 127.0.0.1 and parses the answers with our response parser (bounded by a timeout). */
final class RawClient {
    record Answer(int status, Headers headers, String body, byte[] bytes) {}

    /** The answers to {@code raw}, reading until {@code expected} complete responses or EOF. */
    static List<Answer> exchange(int port, String raw, int expected) throws IOException {
        return exchange(port, raw.getBytes(StandardCharsets.ISO_8859_1), expected, false);
    }

    static List<Answer> exchange(int port, byte[] raw, int expected, boolean head) throws IOException {
        StreamPair pair = Asyncio.openConnection("127.0.0.1", port);
        List<Answer> answers = new ArrayList<>();
        HttpHead[] current = new HttpHead[1];
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpParser parser = HttpParser.forResponses(new HttpParser.Listener() {
            @Override
            public void onHead(HttpHead h) {
                current[0] = h;
                body.reset();
            }

            @Override
            public void onBody(ByteBuffer data) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                body.writeBytes(b);
            }

            @Override
            public void onComplete(Headers trailers) {
                byte[] b = body.toByteArray();
                answers.add(new Answer(current[0].status(), current[0].headers(), new String(b, StandardCharsets.UTF_8), b));
            }
        });
        if (head) {
            parser.expectNoBody();
        }
        try {
            pair.writer().write(raw);
            pair.writer().drain();
            Asyncio.timeout(10, () -> {
                while (answers.size() < expected) {
                    byte[] chunk = pair.reader().read(65536);
                    if (chunk.length == 0) {
                        parser.feedEof();
                        break;
                    }
                    parser.feed(ByteBuffer.wrap(chunk));
                }
                return null;
            });
        } catch (BadHttpMessage e) {
            throw new AssertionError("the server sent a bad response", e);
        } finally {
            pair.writer().close();
        }
        return answers;
    }

    /** One request, one answer. */
    static Answer one(int port, String raw) throws IOException {
        List<Answer> a = exchange(port, raw, 1);
        if (a.isEmpty()) {
            throw new AssertionError("no answer to " + raw);
        }
        return a.get(0);
    }

    /** Whether the server closes the connection after the answers (reads to EOF, bounded). */
    static boolean closedAfter(int port, String raw) throws IOException {
        StreamPair pair = Asyncio.openConnection("127.0.0.1", port);
        try {
            pair.writer().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            return Asyncio.timeout(10, () -> {
                pair.reader().read();
                return true;
            });
        } finally {
            pair.writer().close();
        }
    }
}
