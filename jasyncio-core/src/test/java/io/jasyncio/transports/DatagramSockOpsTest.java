package io.jasyncio.transports;

import static io.jasyncio.transports.RealLoop.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

/** Issue 8 §2: {@code sockRecvfrom}, {@code sockRecvfromInto}, {@code sockSendto} on 127.0.0.1. */
class DatagramSockOpsTest {

    private static DatagramChannel open() throws java.io.IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress("127.0.0.1", 0));
        ch.configureBlocking(false);
        return ch;
    }

    @Test
    void recvfromWaitsForADatagramAndNamesTheSender() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            try (DatagramChannel a = open(); DatagramChannel b = open()) {
                Task<Datagram> receiving = Asyncio.createTask(() -> loop.sockRecvfrom(b, 100));
                Asyncio.sleep(0);
                assertFalse(receiving.done(), "nothing sent yet: it waits");
                assertEquals(5, loop.sockSendto(a, ByteBuffer.wrap("hello".getBytes(UTF_8)), b.getLocalAddress()));
                Datagram d = receiving.await();
                assertEquals("hello", new String(d.data(), UTF_8));
                assertEquals(a.getLocalAddress(), d.address());

                loop.sockSendto(a, ByteBuffer.wrap("0123456789".getBytes(UTF_8)), b.getLocalAddress());
                ByteBuffer into = ByteBuffer.allocate(4);
                DatagramReceipt r = loop.sockRecvfromInto(b, into);
                assertEquals(4, r.nbytes(), "the rest of a longer datagram is dropped, as recvfrom does");
                assertEquals("0123", new String(into.array(), UTF_8));
                assertEquals(a.getLocalAddress(), r.address());
            }
        });
    }

    @Test
    void sendtoWithoutAnAddressUsesTheConnectedPeer() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            try (DatagramChannel a = open(); DatagramChannel b = open()) {
                a.connect(b.getLocalAddress());
                loop.sockSendto(a, ByteBuffer.wrap("hi".getBytes(UTF_8)), null);
                assertEquals("hi", new String(loop.sockRecvfrom(b, 10).data(), UTF_8));
            }
        });
    }

    @Test
    void blockingChannelsAreRefused() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            try (DatagramChannel ch = DatagramChannel.open()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.sockRecvfrom(ch, 1));
                assertEquals("the socket must be non-blocking", e.getMessage());
                assertTrue(ch.isBlocking(), "the caller's channel is left as it was");
                assertThrows(IllegalArgumentException.class, () -> loop.sockSendto(ch, ByteBuffer.allocate(1), null));
            }
        });
    }

    @Test
    void getExtraInfoWithADefault() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            DatagramEndpoint<DatagramProtocol> e = loop.createDatagramEndpoint(() -> new DatagramProtocol() {},
                    new InetSocketAddress("127.0.0.1", 0), null);
            try {
                DatagramTransport t = e.transport();
                assertEquals("fallback", t.getExtraInfo("nonsense", "fallback"));
                assertEquals(t.getExtraInfo("sockname"), t.getExtraInfo("sockname", "fallback"));
            } finally {
                e.transport().close();
            }
            try (Server server = Asyncio.startServer((r, w) -> w.close(), "127.0.0.1", 0)) {
                var pair = Asyncio.openConnection("127.0.0.1", server.port());
                assertEquals(-1, pair.writer().getExtraInfo("nonsense", -1));
                assertInstanceOf(InetSocketAddress.class, pair.writer().getExtraInfo("peername", null));
                assertEquals(pair.writer().getExtraInfo("peername"), pair.writer().transport().getExtraInfo("peername", 0));
                pair.writer().close();
            }
        });
    }
}
