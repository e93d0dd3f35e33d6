package io.jasyncio.http.internal.h1;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

/** Runs Jetty 12's HttpParser in its strict mode over bytes and records what it parsed, as the reference of the differential test. */
final class JettyVerdict implements HttpParser.RequestHandler {
    /** One request as fields to compare: "METHOD target HTTP/1.x", then "name: value" per field, then the body. */
    final List<List<String>> messages = new ArrayList<>();
    String failure;
    private List<String> current;
    private StringBuilder body;
    private boolean complete;

    static JettyVerdict parse(byte[] input) {
        JettyVerdict v = new JettyVerdict();
        HttpParser parser = new HttpParser(v, 65536, HttpCompliance.STRICT);
        ByteBuffer in = ByteBuffer.wrap(input);
        try {
            while (v.failure == null) {
                v.complete = false;
                parser.parseNext(in);
                if (v.complete) {
                    parser.reset();
                    continue;
                }
                if (!in.hasRemaining()) {
                    break;
                }
            }
            if (v.failure == null) {
                parser.atEOF();
                parser.parseNext(in);
            }
        } catch (RuntimeException e) {
            v.failure = e.toString();
        }
        return v;
    }

    @Override
    public void startRequest(String method, String uri, HttpVersion version) {
        current = new ArrayList<>();
        current.add(method + " " + uri + " " + version);
        body = new StringBuilder();
    }

    @Override
    public void parsedHeader(HttpField field) {
        current.add(field.getName() + ": " + field.getValue());
    }

    @Override
    public void parsedTrailer(HttpField field) {
        current.add(field.getName() + ": " + field.getValue());
    }

    @Override
    public boolean headerComplete() {
        return false;
    }

    @Override
    public boolean content(ByteBuffer data) {
        while (data.hasRemaining()) {
            body.append((char) (data.get() & 0xff));
        }
        return false;
    }

    @Override
    public boolean contentComplete() {
        return false;
    }

    @Override
    public boolean messageComplete() {
        current.add("body=" + body);
        messages.add(current);
        current = null;
        complete = true;
        return true;
    }

    @Override
    public void earlyEOF() {
        if (failure == null && current != null) {
            failure = "early EOF";
        }
    }

    @Override
    public void badMessage(HttpException failure) {
        this.failure = failure.getCode() + " " + failure.getReason();
    }
}
