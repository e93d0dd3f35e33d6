package io.jasyncio.files;

import static io.jasyncio.testkit.VirtualLoop.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writes that fail: Linux's {@code /dev/full} answers every write with ENOSPC ("No space left on
 * device"). The error must come from the awaiting call where Python's buffered file raises it
 * (flush or close while the bytes are buffered, a later write once buffers are in transit), the
 * file must close all the same (no descriptor left, no worker stuck in it, nothing kept by the
 * loop), and a cancelled write must stay all-or-nothing.
 */
class AsyncFileFailingWriteTest {
    private static final Path FULL = Path.of("/dev/full");
    private static final String ENOSPC = "No space left on device";
    private static final int BUFFER = 4096;

    @BeforeEach
    void needsDevFull() {
        boolean present = Files.isWritable(FULL);
        if (System.getenv("CI") != null) {
            assertTrue(present, "CI runs on Linux: /dev/full must exist");
        }
        assumeTrue(present, "skipped: no writable /dev/full (Linux only)");
    }

    static Stream<Arguments> modes() {
        return Stream.of(Arguments.of("wb"), Arguments.of("w"));
    }

    @ParameterizedTest
    @MethodSource("modes")
    void aBufferedWriteFailsAtFlushThenAgainAtCloseAndTheFileCloses(String mode) throws IOException {
        run(() -> {
            AsyncFile f = AsyncFile.open(FULL, mode);
            assertEquals(1, write(f, 1)); // buffered: nothing is written yet
            assertEquals(1, f.tell());
            assertNoSpace(assertThrows(IOException.class, f::flush));
            assertNoSpace(assertThrows(IOException.class, f::close)); // those bytes are lost: close says so too
            assertTrue(f.closed());
            f.close(); // idempotent, as Python's
            assertThrows(IllegalStateException.class, () -> write(f, 1));
        });
        assertNothingLeft();
    }

    @ParameterizedTest
    @MethodSource("modes")
    void aBufferedWriteNeverFlushedFailsAtClose(String mode) throws IOException {
        run(() -> {
            AsyncFile f = AsyncFile.open(FULL, mode);
            write(f, 10);
            assertNoSpace(assertThrows(IOException.class, f::close));
            assertTrue(f.closed());
        });
        assertNothingLeft();
    }

    /**
     * Past the buffer, writes go behind: the failure of a buffer in transit is raised by a later
     * write, at the latest by the one that needs a third buffer while two are in transit (4096,
     * 8192 and 16384 bytes as the buffer grows: the eighth 4 KiB write).
     */
    @ParameterizedTest
    @MethodSource("modes")
    void writesPastTheBufferFailAtALaterWrite(String mode) throws IOException {
        run(() -> {
            AsyncFile f = AsyncFile.open(FULL, mode, null, BUFFER);
            int acknowledged = 0;
            IOException failed = null;
            while (failed == null && acknowledged < 8) {
                try {
                    write(f, BUFFER);
                    acknowledged++;
                } catch (IOException e) {
                    failed = e;
                }
            }
            if (failed == null) {
                fail("8 writes of " + BUFFER + " bytes to /dev/full all returned: a write-behind failure was never raised");
            }
            assertNoSpace(failed);
            assertTrue(acknowledged >= 1, "the first write only fills the buffer");
            assertEquals((long) acknowledged * BUFFER, f.tell(), "the failing write accepted nothing");
            assertNoSpace(assertThrows(IOException.class, f::close));
        });
        assertNothingLeft();
    }

    /** A write cancelled while it waits for buffers in transit accepts nothing; the failure is not lost. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 8, 13})
    void aCancelledWriteToAFullDeviceAcceptsAllOrNothing(int yields) throws IOException {
        for (String mode : new String[] {"wb", "w"}) {
            run(() -> {
                AsyncFile f = AsyncFile.open(FULL, mode, null, BUFFER);
                int[] acknowledged = new int[1];
                Task<Void> victim = Asyncio.createTask(() -> {
                    try {
                        for (int i = 0; i < 1000; i++) {
                            write(f, BUFFER);
                            acknowledged[0]++;
                        }
                    } catch (IOException noSpace) {
                        assertNoSpace(noSpace); // raised before the cancel arrived
                    }
                });
                CancelAfter.yields(victim, yields); // cancelled while waiting for a buffer in transit, or before it started
                assertEquals((long) acknowledged[0] * BUFFER, f.tell(), mode + ": a cancelled write moved the position");
                if (acknowledged[0] == 0) {
                    f.close(); // nothing was accepted, nothing failed
                } else {
                    assertNoSpace(assertThrows(IOException.class, f::close));
                }
                assertTrue(f.closed());
            });
            assertNothingLeft();
        }
    }

    /** A close that fails still lets go of the file: the loop keeps no reference to it. */
    @ParameterizedTest
    @MethodSource("modes")
    void aFailedCloseLeavesNothingForTheLoopToClose(String mode) throws IOException {
        run(() -> {
            WeakReference<AsyncFile> ref = openWriteAndFailClose(mode);
            for (int i = 0; i < 50 && ref.get() != null; i++) {
                System.gc();
            }
            assertNull(ref.get(), "the loop still holds the closed file");
        });
        assertNothingLeft();
    }

    private static WeakReference<AsyncFile> openWriteAndFailClose(String mode) throws IOException {
        AsyncFile f = AsyncFile.open(FULL, mode);
        write(f, 3);
        assertNoSpace(assertThrows(IOException.class, f::close));
        return new WeakReference<>(f);
    }

    private static int write(AsyncFile f, int n) throws IOException {
        if (f.encoding() == null) {
            byte[] b = new byte[n];
            Arrays.fill(b, (byte) 'x');
            return f.write(b);
        }
        return f.write("x".repeat(n));
    }

    private static void assertNoSpace(IOException e) {
        assertTrue(String.valueOf(e.getMessage()).contains(ENOSPC), "expected ENOSPC, got " + e);
    }

    /** No descriptor of /dev/full is open, and no worker is left inside a file call. */
    private static void assertNothingLeft() throws IOException {
        assertEquals(0, openDescriptorsOf(FULL), "a descriptor of /dev/full is still open");
        // The worker that failed tells the loop first and then leaves the file: bounded, it
        // has a few instructions left (the loop may run on before it does).
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (workerInsideAFile()) {
            if (System.nanoTime() > deadline) {
                fail("a jasyncio-files worker is still inside BlockingFile 10 s after the file closed");
            }
            Thread.onSpinWait();
        }
    }

    private static long openDescriptorsOf(Path target) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException | UnsupportedOperationException gone) {
                    return false; // closed meanwhile, or the directory stream's own descriptor
                }
            }).count();
        }
    }

    private static boolean workerInsideAFile() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("jasyncio-files-"))
                .anyMatch(e -> Arrays.stream(e.getValue()).anyMatch(s -> s.getClassName().equals(BlockingFile.class.getName())));
    }
}
