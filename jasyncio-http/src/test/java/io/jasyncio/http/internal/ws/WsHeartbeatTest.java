package io.jasyncio.http.internal.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.VoidCoroutine;
import io.jasyncio.http.internal.ws.WsSessionTest.RecordingTransport;
import io.jasyncio.web.WSMessage;
import io.jasyncio.web.WSMsgType;
import io.jasyncio.web.WebSocketError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The heartbeat as aiohttp's since 3.13 (aio-libs/aiohttp#12030), on a virtual clock (heartbeat
 * 10 s, so the pong wait is 5 s), for the server's session and the client's: any bytes received
 * reset it, not only a pong.
 */
class WsHeartbeatTest {
    private static final double HEARTBEAT = 10;

    /** Runs {@code body} on a fresh loop whose clock is virtual (starting at 0): no real waiting. */
    static void onVirtualClock(VoidCoroutine body) {
        EventLoop loop = EventLoop.newEventLoop();
        loop.useVirtualClock(0);
        try {
            loop.runUntilComplete(body.asCoroutine());
        } finally {
            loop.close();
        }
    }

    private static WsSession session(RecordingTransport t, boolean client) {
        WsSession s = client ? WsSession.client(t, 0, 0, true, true, HEARTBEAT, () -> {})
                : WsSession.server(t, 0, 0, true, HEARTBEAT);
        t.setProtocol(s);
        s.start(new byte[0], false);
        return s;
    }

    /** A text frame as the peer of a {@code client} (or server) session sends it. */
    private static byte[] peerText(boolean client, String text) {
        return new WsFrameWriter(!client, false).frame(1, text.getBytes(StandardCharsets.UTF_8));
    }

    private static long pings(RecordingTransport t, boolean client) throws WebSocketError {
        return t.decoded(client).stream().filter(f -> f.equals("ctl9:0")).count();
    }

    @ParameterizedTest(name = "client={0}")
    @ValueSource(booleans = {false, true})
    void anyDataResetsTheHeartbeatSoABusyPeerThatIsSlowToPongStaysOpen(boolean client) {
        onVirtualClock(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            RecordingTransport t = new RecordingTransport();
            WsSession s = session(t, client);
            Task<double[]> ended = Asyncio.createTask(() -> {
                while (true) {
                    WSMessage m = s.receive();
                    if (m.type() == WSMsgType.ERROR) {
                        return new double[] {loop.time(), m.closeCode()};
                    }
                }
            });
            for (int i = 0; i < 10; i++) { // a message every 4 s, up to t=40
                Asyncio.sleep(4);
                s.dataReceived(ByteBuffer.wrap(peerText(client, "m" + i)));
            }
            assertEquals(0, pings(t, client), "the peer was heard within every heartbeat: no ping");
            Asyncio.sleep(10.5); // t=50.5: the ping went out at 50, its pong is due by 55
            assertEquals(1, pings(t, client));
            Asyncio.sleep(3); // t=53.5: half a frame comes, no pong
            byte[] frame = peerText(client, "x".repeat(300));
            s.dataReceived(ByteBuffer.wrap(Arrays.copyOf(frame, 100)));
            Asyncio.sleep(3.5); // t=57: the rest of it
            s.dataReceived(ByteBuffer.wrap(Arrays.copyOfRange(frame, 100, frame.length)));
            assertFalse(s.closed(), "data within the pong wait counts as a pong (before #12030 aiohttp closed at 55)");
            assertEquals(1, pings(t, client), "and the next ping is due a heartbeat after those bytes");
            double[] end = Asyncio.timeout(60, () -> ended.await());
            assertEquals(72.0, end[0], 1e-6, "silent from 57: pinged at 67, closed 5 s later");
            assertEquals(1006, (int) end[1]);
            assertEquals(2, pings(t, client));
            assertTrue(s.closed());
            assertEquals(1006, s.closeCode());
            TimeoutError e = assertInstanceOf(TimeoutError.class, s.exception());
            assertEquals("No PONG received after 5.0 seconds", e.getMessage());
            assertTrue(t.closing);
        });
    }

    @Test
    void aPongAnswersThePingAndThePeerIsPingedAgainAHeartbeatLater() {
        onVirtualClock(() -> {
            RecordingTransport t = new RecordingTransport();
            WsSession s = session(t, false);
            WsFrameWriter peer = new WsFrameWriter(true, false);
            for (int i = 1; i <= 3; i++) {
                Asyncio.sleep(10.5); // t=10.5, 21, 31.5: each ping went out half a second ago
                assertEquals(i, pings(t, false));
                s.dataReceived(ByteBuffer.wrap(peer.frame(10, new byte[0])));
            }
            Asyncio.sleep(100);
            assertTrue(s.closed(), "no pong for the fourth ping");
            assertEquals(4, pings(t, false));
            assertInstanceOf(TimeoutError.class, s.exception());
        });
    }

    @Test
    void withoutAHeartbeatNothingIsSentAndNothingEnds() {
        onVirtualClock(() -> {
            RecordingTransport t = new RecordingTransport();
            WsSession s = WsSession.server(t, 0, 0, true, 0);
            t.setProtocol(s);
            s.start(new byte[0], false);
            Asyncio.sleep(3600);
            assertEquals(0, t.writes.size());
            assertFalse(s.closed());
            assertNull(s.exception());
        });
    }
}
