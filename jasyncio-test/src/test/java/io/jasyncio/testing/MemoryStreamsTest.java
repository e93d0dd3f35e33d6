package io.jasyncio.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** In-memory streams behave as TCP streams do: order, EOF, half-close, reset, flow control. */
class MemoryStreamsTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @AsyncioTest
    void whatOneSideWritesTheOtherReadsInOrder() throws IOException {
        MemoryStreams.Pair p = MemoryStreams.pair();
        p.client().writer().write(bytes("one\n"));
        p.client().writer().write(bytes("two\n"));
        assertArrayEquals(bytes("one\n"), p.server().reader().readline());
        assertArrayEquals(bytes("two\n"), p.server().reader().readline());
        p.server().writer().write(bytes("back"));
        assertArrayEquals(bytes("back"), p.client().reader().readexactly(4));
        p.client().writer().close();
        p.server().writer().close();
        p.client().writer().waitClosed();
        p.server().writer().waitClosed();
    }

    @AsyncioTest
    void writeEofIsAHalfClose() throws IOException {
        MemoryStreams.Pair p = MemoryStreams.pair();
        p.client().writer().write(bytes("request"));
        p.client().writer().writeEof();
        assertArrayEquals(bytes("request"), p.server().reader().read());
        assertTrue(p.server().reader().atEof());
        p.server().writer().write(bytes("reply"));
        p.server().writer().close();
        assertArrayEquals(bytes("reply"), p.client().reader().read());
        p.client().writer().close();
        p.client().writer().waitClosed();
    }

    @AsyncioTest
    void closeDeliversWhatWasBufferedThenEof() throws IOException {
        MemoryStreams.Pair p = MemoryStreams.pair();
        p.client().writer().write(bytes("last words"));
        p.client().writer().close();
        assertArrayEquals(bytes("last words"), p.server().reader().read());
        assertThrows(IncompleteReadError.class, () -> p.server().reader().readexactly(1));
        p.client().writer().waitClosed();
        assertThrows(IllegalStateException.class, () -> p.client().writer().write(bytes("x")));
    }

    @AsyncioTest
    void abortResetsThePeer() {
        MemoryStreams.Pair p = MemoryStreams.pair();
        p.client().writer().write(bytes("dropped"));
        p.client().writer().transport().abort();
        assertThrows(SocketException.class, () -> p.server().reader().read());
    }

    @AsyncioTest
    void drainWaitsWhileThePeerDoesNotRead(EventLoop loop, Sequencer seq) throws IOException {
        MemoryStreams.Pair p = MemoryStreams.pair(loop, 1024);
        StreamPair c = p.client();
        c.writer().transport().setWriteBufferLimits(4096, 1024);
        for (int i = 0; i < 10; i++) {
            c.writer().write(new byte[1000]); // the server's reader (limit 1 KiB) soon stops taking them
        }
        Task<Void> writer = Asyncio.createTask(() -> {
            seq.expect(1);
            c.writer().drain();
            seq.expect(3);
        });
        Asyncio.sleep(1);
        assertTrue(!writer.done() && c.writer().transport().getWriteBufferSize() > 4096);
        seq.expect(2);
        assertEquals(10_000, p.server().reader().readexactly(10_000).length);
        writer.await();
        seq.finish(4);
        c.writer().close();
        p.server().writer().close();
    }

    @AsyncioTest
    void protocolsTalkThroughMemoryTransports(EventLoop loop) {
        StringBuilder got = new StringBuilder();
        Protocol echo = new Protocol() {
            private Transport t;

            @Override
            public void connectionMade(Transport transport) {
                t = transport;
            }

            @Override
            public void dataReceived(ByteBuffer data) {
                t.write(data);
            }
        };
        Protocol client = new Protocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                got.append(StandardCharsets.UTF_8.decode(data));
            }
        };
        MemoryTransport.Pair t = MemoryTransport.pair(loop, client, echo);
        t.a().write(bytes("ping"));
        Asyncio.sleep(0);
        Asyncio.sleep(0);
        assertEquals("ping", got.toString());
        t.a().close();
        t.b().close();
    }

    @AsyncioTest
    void argumentsAreChecked(EventLoop loop) {
        assertThrows(IllegalArgumentException.class, () -> MemoryStreams.pair(loop, 0));
        assertThrows(NullPointerException.class, () -> MemoryTransport.pair(loop, null, new Protocol() {}));
    }
}
