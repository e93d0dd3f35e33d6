package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.streams.StreamPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A handler that fails because its client left is not a server error: aiohttp logs "Ignored
 * premature client disconnection" at debug level; a handler failing with the client still there
 * is logged as an error (and answered 500).
 */
class ClientGoneLoggingTest {
    @Test
    void aClientLeavingMidResponseIsNotLoggedAsAnError() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Logger log = Logger.getLogger("io.jasyncio.web.server");
        Level before = log.getLevel();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (records) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(capture);
        log.setLevel(Level.ALL);
        try {
            String[] handlerOutcome = new String[1];
            Application app = new Application();
            Future<?>[] handlerFailed = new Future<?>[1];
            app.router()
                    .addGet("/forever", r -> {
                        StreamResponse s = new StreamResponse();
                        s.prepare(r);
                        try {
                            byte[] chunk = new byte[16 * 1024];
                            while (true) {
                                s.write(chunk); // waits for the transport to drain; fails once the client has gone
                            }
                        } catch (Exception e) {
                            handlerOutcome[0] = e.getClass().getSimpleName();
                            handlerFailed[0].setResult(null);
                            throw e;
                        }
                    })
                    .addGet("/boom", r -> {
                        throw new IllegalStateException("boom");
                    });
            Served.serve(app, (port, runner) -> {
                handlerFailed[0] = Asyncio.getRunningLoop().createFuture();
                StreamPair c = Asyncio.openConnection("127.0.0.1", port);
                c.writer().write("GET /forever HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                c.reader().readuntil("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                c.reader().readexactly(1);
                c.writer().close(); // leave mid-response
                Asyncio.waitFor(handlerFailed[0], 10);
                for (int i = 0; i < 10; i++) {
                    Asyncio.sleep(0); // let the handler's failure reach the connection's task
                }
                assertEquals(500, RawClient.one(port, "GET /boom HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").status());
            });
            assertEquals("IOException", handlerOutcome[0]);
            synchronized (records) {
                List<String> severe = records.stream().filter(r -> r.getLevel() == Level.SEVERE)
                        .map(LogRecord::getMessage).toList();
                assertEquals(1, severe.size(), "only /boom is an error: " + severe);
                assertTrue(severe.get(0).contains("/boom"), severe.get(0));
                assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.FINE
                        && r.getMessage().contains("premature client disconnection")), "logged at debug level");
            }
        } finally {
            log.removeHandler(capture);
            log.setLevel(before);
        }
    }
}
