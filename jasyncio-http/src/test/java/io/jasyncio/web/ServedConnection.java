package io.jasyncio.web;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.transports.Protocol;
import java.nio.ByteBuffer;

/**
 * One connection of an application's runner on a {@link RecordingTransport}, driven from loop
 * callbacks as the selector would drive it: the server's tests without sockets.
 */
final class ServedConnection {
    private ServedConnection() {}

    /** What a test does with the connection, inside {@code Asyncio.run}. */
    interface Body<T> {
        T run(EventLoop loop, RecordingTransport transport, HttpConnection connection, AppRunner runner) throws Exception;
    }

    /** Sets up a runner for {@code app}, connects one connection to a recording transport, runs {@code body}, cleans up. */
    static <T> T with(Application app, Body<T> body) {
        return Asyncio.run(() -> {
            AppRunner runner = new AppRunner(app);
            runner.setup();
            EventLoop loop = Asyncio.getRunningLoop();
            RecordingTransport transport = new RecordingTransport(loop);
            HttpConnection connection = runner.protocolFactory().get();
            transport.setProtocol(connection);
            connection.connectionMade(transport);
            try {
                return body.run(loop, transport, connection, runner);
            } finally {
                runner.cleanup();
            }
        });
    }

    /** Delivers {@code raw} in one loop callback (one socket read), waits for it, then lets the loop turn once. */
    static void feed(EventLoop loop, Protocol connection, String raw) {
        Future<Void> fed = loop.createFuture();
        loop.callSoon(() -> {
            connection.dataReceived(ByteBuffer.wrap(raw.getBytes(US_ASCII)));
            fed.setResult(null);
        });
        fed.await();
        Asyncio.sleep(0);
    }

    /** Feeds each of {@code reads} in turn; returns everything the server wrote back. */
    static String exchange(Application app, String... reads) {
        return with(app, (loop, transport, connection, runner) -> {
            for (String raw : reads) {
                feed(loop, connection, raw);
            }
            return transport.written();
        });
    }
}
