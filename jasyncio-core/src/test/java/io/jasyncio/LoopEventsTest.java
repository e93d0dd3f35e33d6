package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.Test;

/** jasyncio's JFR events, recorded to a file and read back. */
class LoopEventsTest {
    @Test
    void aBlockedLoopAndASlowStepAreRecordedWithTheTaskName() throws Exception {
        Path file = Files.createTempFile("jasyncio-events", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.jasyncio.LoopBlocked");
            recording.enable("io.jasyncio.SlowStep");
            recording.start();
            EventLoop loop = EventLoop.newEventLoop();
            loop.setDebug(true);
            loop.setSlowCallbackDuration(0.05);
            List<Map<String, Object>> reports = new ArrayList<>();
            loop.setExceptionHandler((l, ctx) -> {
                synchronized (reports) {
                    reports.add(ctx);
                }
            });
            try {
                loop.runUntilComplete(loop.createTask(() -> {
                    // Holds the loop thread without parking: what the watchdog exists for.
                    long end = System.nanoTime() + 400_000_000L;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                }, "spinner"));
            } finally {
                loop.close();
            }
            recording.stop();
            recording.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            List<RecordedEvent> slow = events.stream().filter(e -> e.getEventType().getName().equals("io.jasyncio.SlowStep")).toList();
            List<RecordedEvent> blocked = events.stream().filter(e -> e.getEventType().getName().equals("io.jasyncio.LoopBlocked")).toList();
            assertFalse(slow.isEmpty(), "a SlowStep event: " + events);
            assertEquals("spinner", slow.get(0).getString("task"));
            assertTrue(slow.get(0).getLong("tookNanos") >= 400_000_000L);
            assertFalse(blocked.isEmpty(), "a LoopBlocked event from the watchdog: " + events);
            assertEquals("spinner", blocked.get(0).getString("task"));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
