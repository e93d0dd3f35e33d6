package io.jasyncio.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** loop.subprocessExec/subprocessShell: the protocol's lifecycle, exit codes, missing programs. */
class SubprocessTransportTest {

    /** Collects output and the order of callbacks; completes {@code done} at connectionLost. */
    static final class Recorder implements SubprocessProtocol {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Future<Void> done;
        SubprocessTransport transport;

        Recorder(EventLoop loop) {
            done = loop.createFuture();
        }

        @Override
        public void connectionMade(SubprocessTransport t) {
            transport = t;
            events.add("made");
        }

        @Override
        public void pipeDataReceived(int fd, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            out.writeBytes(b);
        }

        @Override
        public void pipeConnectionLost(int fd, Throwable exc) {
            events.add("pipe" + fd + (exc == null ? "" : " " + exc.getClass().getSimpleName()));
        }

        @Override
        public void processExited() {
            events.add("exited " + transport.getReturncode());
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost");
            done.setResult(null);
        }
    }

    private static <T> T run(io.jasyncio.Coroutine<T> body) {
        EventLoop loop = EventLoop.newEventLoop();
        try {
            return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> loop.runUntilComplete(body));
        } finally {
            loop.close();
        }
    }

    @Test
    void shellOutputArrivesThenExitThenConnectionLost() {
        Map<String, Object> r = run(() -> {
            EventLoop loop = io.jasyncio.Asyncio.getRunningLoop();
            SubprocessEndpoint<Recorder> ep = loop.subprocessShell(() -> new Recorder(loop),
                    SubprocessOptions.defaults().withStdout(Stdio.PIPE), "echo hello; exit 3");
            ep.protocol().done.await();
            return Map.of("out", ep.protocol().out.toString(StandardCharsets.UTF_8), "events", ep.protocol().events,
                    "rc", ep.transport().getReturncode());
        });
        assertEquals("hello\n", r.get("out"));
        assertEquals(3, r.get("rc"));
        List<?> events = (List<?>) r.get("events");
        assertEquals("made", events.get(0));
        assertEquals("lost", events.get(events.size() - 1));
        assertTrue(events.contains("pipe1") && events.contains("exited 3"), events.toString());
    }

    @Test
    void killedChildReportsMinusNine() {
        int rc = run(() -> {
            EventLoop loop = io.jasyncio.Asyncio.getRunningLoop();
            SubprocessEndpoint<Recorder> ep = loop.subprocessExec(() -> new Recorder(loop),
                    SubprocessOptions.defaults().withStdin(Stdio.PIPE), List.of("sleep", "60"));
            ep.transport().kill();
            ep.protocol().done.await();
            return ep.transport().getReturncode();
        });
        assertEquals(-9, rc);
    }

    @Test
    void missingProgramFailsAtTheCallNamingIt() {
        IOException e = run(() -> {
            EventLoop loop = io.jasyncio.Asyncio.getRunningLoop();
            return assertThrows(IOException.class, () -> loop.subprocessExec(() -> new Recorder(loop),
                    SubprocessOptions.defaults(), List.of("/no/such/program-jasyncio")));
        });
        assertTrue(e.getMessage().contains("/no/such/program-jasyncio"), e.getMessage());
    }
}
