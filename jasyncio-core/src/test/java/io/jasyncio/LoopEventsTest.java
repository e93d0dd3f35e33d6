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

    @Test
    void taskCreatedAndFinishedAreRecordedOnlyWhenEnabled() throws Exception {
        Path file = Files.createTempFile("jasyncio-task-events", ".jfr");
        try {
            List<RecordedEvent> byDefault = record(file, false);
            assertTrue(byDefault.stream().noneMatch(e -> e.getEventType().getName().startsWith("io.jasyncio.Task")),
                    "disabled by default: " + byDefault);
            List<RecordedEvent> events = record(file, true);
            List<RecordedEvent> created = events.stream()
                    .filter(e -> e.getEventType().getName().equals("io.jasyncio.TaskCreated")
                            && e.getString("task").startsWith("jfr-"))
                    .toList();
            List<RecordedEvent> finished = events.stream()
                    .filter(e -> e.getEventType().getName().equals("io.jasyncio.TaskFinished")
                            && e.getString("task").startsWith("jfr-"))
                    .toList();
            assertEquals(List.of("jfr-ok", "jfr-failed", "jfr-cancelled"), created.stream().map(e -> e.getString("task")).toList());
            assertEquals(Map.of("jfr-ok", "finished", "jfr-failed", "failed", "jfr-cancelled", "cancelled"),
                    finished.stream().collect(java.util.stream.Collectors.toMap(e -> e.getString("task"), e -> e.getString("outcome"))));
            assertTrue(created.get(0).getStackTrace() != null, "the creation site is the event's stack trace");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static List<RecordedEvent> record(Path file, boolean enableTaskEvents) throws Exception {
        try (Recording recording = new Recording()) {
            if (enableTaskEvents) {
                recording.enable("io.jasyncio.TaskCreated");
                recording.enable("io.jasyncio.TaskFinished");
            }
            recording.start();
            Loops.run(() -> {
                Task<Integer> ok = Asyncio.createTask(() -> 1, "jfr-ok");
                Task<Integer> failed = Asyncio.createTask(() -> {
                    throw new IllegalStateException("boom");
                }, "jfr-failed");
                Task<Void> cancelled = Asyncio.createTask(() -> Asyncio.sleep(10), "jfr-cancelled");
                Asyncio.sleep(0);
                cancelled.cancel();
                Asyncio.gather(true, ok, failed, cancelled).await();
            });
            recording.stop();
            recording.dump(file);
        }
        return RecordingFile.readAllEvents(file);
    }
}
