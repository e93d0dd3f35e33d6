package io.jasyncio.http.internal.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.locks.Event;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import io.jasyncio.web.WSMessage;
import io.jasyncio.web.WSMsgType;
import io.jasyncio.web.WebSocketError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket session's write gathering and read back-pressure, through a transport that
 * records each write call: how many system calls the frames of one read batch cost, not how long.
 */
class WsSessionTest {
    /** A transport that records every write call (one entry per call, the frames it carried) and reading pauses. */
    static final class RecordingTransport implements Transport {
        final List<List<byte[]>> writes = new ArrayList<>();
        int pauses;
        int resumes;
        boolean closing;
        Protocol protocol;

        @Override
        public void write(byte[] data) {
            writes.add(List.of(data.clone()));
        }

        @Override
        public void write(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            write(b);
        }

        @Override
        public void writelines(Iterable<byte[]> data) {
            List<byte[]> call = new ArrayList<>();
            data.forEach(b -> call.add(b.clone()));
            writes.add(call);
        }

        @Override
        public void writeEof() {
            closing = true;
        }

        @Override
        public boolean canWriteEof() {
            return true;
        }

        @Override
        public void close() {
            closing = true;
        }

        @Override
        public void abort() {
            closing = true;
        }

        @Override
        public boolean isClosing() {
            return closing;
        }

        @Override
        public Object getExtraInfo(String name) {
            return null;
        }

        @Override
        public void pauseReading() {
            pauses++;
        }

        @Override
        public void resumeReading() {
            resumes++;
        }

        @Override
        public boolean isReading() {
            return pauses == resumes;
        }

        @Override
        public void setWriteBufferLimits(int high, int low) {
        }

        @Override
        public int getWriteBufferHighWaterMark() {
            return 64 * 1024;
        }

        @Override
        public int getWriteBufferLowWaterMark() {
            return 16 * 1024;
        }

        @Override
        public int getWriteBufferSize() {
            return 0;
        }

        @Override
        public Protocol getProtocol() {
            return protocol;
        }

        @Override
        public void setProtocol(Protocol protocol) {
            this.protocol = protocol;
        }

        /** Frames per write call, in order. */
        List<Integer> framesPerWrite() {
            return writes.stream().map(List::size).toList();
        }

        /** What the frames written so far say, decoded as a client decodes them: "text", "ctl10:n"... */
        List<String> decoded() throws WebSocketError {
            return decoded(false);
        }

        /** {@link #decoded()} for frames that are {@code masked} (a client session's). */
        List<String> decoded(boolean masked) throws WebSocketError {
            List<String> seen = new ArrayList<>();
            WsFrameParser p = new WsFrameParser(masked, 0, false, new WsFrameParser.Listener() {
                @Override
                public void onMessage(int opcode, byte[] payload) {
                    seen.add(new String(payload, StandardCharsets.UTF_8));
                }

                @Override
                public void onControl(int opcode, byte[] payload) {
                    seen.add("ctl" + opcode + ":" + payload.length);
                }
            });
            for (List<byte[]> call : writes) {
                for (byte[] frame : call) {
                    p.feed(ByteBuffer.wrap(frame));
                }
            }
            return seen;
        }
    }

    private final WsFrameWriter client = new WsFrameWriter(true, false);

    /** One read's worth of masked client frames: texts, with a ping where {@code "PING"} stands. */
    private byte[] batch(String... texts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String t : texts) {
            out.writeBytes(t.equals("PING") ? client.frame(9, new byte[] {7}) : client.frame(1, t.getBytes(StandardCharsets.UTF_8)));
        }
        return out.toByteArray();
    }

    private static WsSession serverSession(RecordingTransport t) {
        WsSession s = WsSession.server(t, 0, 0, true, 0);
        t.setProtocol(s);
        s.start(new byte[0], false);
        return s;
    }

    /** Echoes {@code count} messages, then sets {@code answered}. */
    private static void echo(WsSession s, int count, Event answered) {
        Asyncio.createTask(() -> {
            for (int i = 0; i < count; i++) {
                WSMessage m = s.receive();
                s.send(1, ("re " + m.text()).getBytes(StandardCharsets.UTF_8));
            }
            answered.set();
            return null;
        });
    }

    @Test
    void theAnswersToOneReadBatchGoOutInOneWrite() {
        Asyncio.run(() -> {
            RecordingTransport t = new RecordingTransport();
            WsSession s = serverSession(t);
            Event answered = new Event();
            echo(s, 5, answered);
            Asyncio.sleep(0); // the echo task waits in receive()
            s.dataReceived(ByteBuffer.wrap(batch("a", "b", "PING", "c", "d", "e")));
            Asyncio.timeout(10, () -> {
                answered.await();
            });
            assertEquals(List.of(6), t.framesPerWrite(), "one gathering write: the pong and five answers");
            assertEquals(List.of("ctl10:1", "re a", "re b", "re c", "re d", "re e"), t.decoded(),
                    "the pong keeps its place before the answers sent after it");
            return null;
        });
    }

    @Test
    void aFrameSentWithNothingWaitingGoesStraightOut() {
        Asyncio.run(() -> {
            RecordingTransport t = new RecordingTransport();
            WsSession s = serverSession(t);
            for (String m : List.of("x", "y", "z")) {
                s.send(1, m.getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(List.of(1, 1, 1), t.framesPerWrite(), "no read batch to answer: nothing is held back");
            Event answered = new Event();
            echo(s, 1, answered);
            s.dataReceived(ByteBuffer.wrap(batch("one")));
            Asyncio.timeout(10, () -> {
                answered.await();
            });
            assertEquals(List.of(1, 1, 1, 1), t.framesPerWrite(), "a lone message is answered with a plain write");
            return null;
        });
    }

    @Test
    void gatheredFramesLeaveOnTheNextLoopIterationWhenTheTaskStopsAnswering() {
        Asyncio.run(() -> {
            RecordingTransport t = new RecordingTransport();
            WsSession s = serverSession(t);
            Event answered = new Event();
            echo(s, 1, answered); // answers the first of three, then stops receiving
            s.dataReceived(ByteBuffer.wrap(batch("a", "b", "c")));
            Asyncio.timeout(10, () -> {
                answered.await();
            });
            assertEquals(List.of(1), t.framesPerWrite(), "the flush queued with the first gathered frame ran");
            assertEquals(List.of("re a"), t.decoded());
            return null;
        });
    }

    @Test
    void aLargeBatchIsWrittenEach64KiB() {
        Asyncio.run(() -> {
            RecordingTransport t = new RecordingTransport();
            WsSession s = serverSession(t);
            String big = "x".repeat(2048 - 3); // "re " + big: a 2048-byte payload, a 2052-byte frame
            String[] texts = new String[40];
            java.util.Arrays.fill(texts, big);
            Event answered = new Event();
            echo(s, 40, answered);
            s.dataReceived(ByteBuffer.wrap(batch(texts)));
            Asyncio.timeout(10, () -> {
                answered.await();
            });
            assertEquals(List.of(32, 8), t.framesPerWrite(), "32 frames of 2052 bytes pass 64 KiB; the last 8 end the batch");
            return null;
        });
    }

    @Test
    void aCloseFrameFollowsTheGatheredAnswersInTheSameWrite() {
        Asyncio.run(() -> {
            RecordingTransport t = new RecordingTransport();
            WsSession s = serverSession(t);
            s.dataReceived(ByteBuffer.wrap(batch("a", "b")));
            WSMessage m = s.receive();
            s.send(1, ("re " + m.text()).getBytes(StandardCharsets.UTF_8));
            Asyncio.createTask(() -> {
                s.dataReceived(ByteBuffer.wrap(client.close(1000, new byte[0])));
                return null;
            });
            assertTrue(s.close(1000, ""));
            assertEquals(List.of(2), t.framesPerWrite(), "the gathered answer, then the close frame, in one write");
            assertEquals(List.of("re a", "ctl8:2"), t.decoded());
            assertTrue(s.closed());
            assertTrue(t.closing);
            return null;
        });
    }

    @Test
    void readingPausesWhile64MessagesWaitAndResumesAtHalf() {
        Asyncio.run(() -> {
            RecordingTransport t = new RecordingTransport();
            WsSession s = serverSession(t);
            int resumesAtStart = t.resumes; // start() resumes the reading the handshake paused
            String[] texts = new String[64];
            java.util.Arrays.fill(texts, "m");
            s.dataReceived(ByteBuffer.wrap(batch(texts)));
            assertEquals(1, t.pauses, "64 unreceived messages pause reading");
            for (int i = 0; i < 31; i++) {
                assertEquals(WSMsgType.TEXT, s.receive().type());
            }
            assertEquals(resumesAtStart, t.resumes, "33 still waiting: still paused");
            s.receive();
            assertEquals(resumesAtStart + 1, t.resumes, "32 waiting: reading resumes");
            return null;
        });
    }

    @Test
    void concurrentReceiversEachGetTheirOwnMessageAndACancelledOneLeavesTheOthers() {
        Asyncio.run(() -> {
            WsSession s = serverSession(new RecordingTransport());
            Task<String> a = Asyncio.createTask(() -> s.receive().text());
            Task<String> b = Asyncio.createTask(() -> s.receive().text());
            Task<String> c = Asyncio.createTask(() -> s.receive().text());
            Asyncio.sleep(0); // all three wait in receive()
            c.cancel();
            Asyncio.sleep(0);
            s.dataReceived(ByteBuffer.wrap(batch("one", "two")));
            assertEquals(List.of("one", "two"), List.of(a.await(), b.await()), "woken in the order they waited");
            assertTrue(c.cancelled());
            return null;
        });
    }

    @Test
    void closeFromAnotherTaskEndsAReceiveInProgress() {
        // before the one session, the server's close() replaced the waiting task's wake-up: it hung
        Asyncio.run(() -> {
            RecordingTransport t = new RecordingTransport();
            WsSession s = serverSession(t);
            Task<WSMsgType> receiving = Asyncio.createTask(() -> s.receive().type());
            Asyncio.sleep(0);
            Asyncio.createTask(() -> {
                s.dataReceived(ByteBuffer.wrap(client.close(1000, new byte[0]))); // the peer answers
                return null;
            });
            assertTrue(s.close(1000, "bye"));
            WSMsgType got = Asyncio.timeout(10, () -> receiving.await());
            assertTrue(Set.of(WSMsgType.CLOSE, WSMsgType.CLOSED).contains(got), got.toString());
            assertEquals(1000, s.closeCode());
            assertEquals(WSMsgType.CLOSED, s.receive().type());
            return null;
        });
    }

    @Test
    void aReceiveThatTimesOutLosesNothingAndTheNextReceiveGetsTheMessage() {
        // WebSocketResponse.receive(timeout) and the client's: the timed-out waiter leaves no trace
        WsHeartbeatTest.onVirtualClock(() -> {
            RecordingTransport t = new RecordingTransport();
            WsSession s = serverSession(t);
            EventLoop loop = Asyncio.getRunningLoop();
            assertThrows(TimeoutError.class, () -> Asyncio.timeout(5, () -> s.receive()));
            assertEquals(5.0, loop.time(), 1e-9);
            s.dataReceived(ByteBuffer.wrap(batch("late")));
            assertEquals("late", s.receive().text());
            assertFalse(s.closed(), "a timeout is not a close");
            assertEquals(0, s.closeCode());
        });
    }
}
