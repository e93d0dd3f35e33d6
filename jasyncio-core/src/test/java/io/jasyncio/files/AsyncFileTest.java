package io.jasyncio.files;

import static io.jasyncio.testkit.VirtualLoop.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.testkit.VirtualLoop;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AsyncFile: Python's modes and read/write semantics, errors from the awaiting call, read-ahead batching. */
class AsyncFileTest {
    @TempDir
    Path dir;

    @Test
    void textRoundTripWithLinesIterationAndMultibyteChars() throws IOException {
        Path p = dir.resolve("t.txt");
        List<String> seen = run(() -> {
            try (AsyncFile f = AsyncFile.open(p, "w")) {
                assertEquals(6, f.write("héllo\n"));
                f.writelines(List.of("wörld\n", "€ and 𝄞\n", "last, no newline"));
            }
            List<String> out = new ArrayList<>();
            try (AsyncFile f = AsyncFile.open(p, "r")) {
                out.add(f.readline());
                out.add(f.read(3));
                out.add(String.valueOf(f.tell()));
                out.add(f.readline());
                out.addAll(f.readlines());
                out.add("<" + f.readline() + ">");
            }
            try (AsyncFile f = AsyncFile.open(p, "r")) {
                for (String line : f) {
                    out.add(line);
                }
                f.seek(0);
                out.add(f.read());
            }
            return out;
        });
        assertEquals(List.of("héllo\n", "wör", "11", "ld\n", "€ and 𝄞\n", "last, no newline", "<>",
                "héllo\n", "wörld\n", "€ and 𝄞\n", "last, no newline",
                "héllo\nwörld\n€ and 𝄞\nlast, no newline"), seen);
        assertEquals("héllo\nwörld\n€ and 𝄞\nlast, no newline", Files.readString(p));
    }

    @Test
    void errorsAreTheJdksAndComeFromTheAwaitingCall() throws IOException {
        Path existing = Files.writeString(dir.resolve("e"), "x");
        run(() -> {
            assertThrows(NoSuchFileException.class, () -> AsyncFile.open(dir.resolve("missing"), "r"));
            assertThrows(FileAlreadyExistsException.class, () -> AsyncFile.open(existing, "x"));
            FileSystemException isDir = assertThrows(FileSystemException.class, () -> AsyncFile.open(dir, "r"));
            assertTrue(isDir.getMessage().contains("Is a directory"), isDir.getMessage());
            for (String bad : List.of("", "rw", "rr", "r++", "rbt", "q", "b")) {
                assertThrows(IllegalArgumentException.class, () -> AsyncFile.open(existing, bad), bad);
            }
            assertThrows(IllegalArgumentException.class, () -> AsyncFile.open(existing, "rb", UTF_8, 10));
            assertThrows(IllegalArgumentException.class, () -> AsyncFile.open(existing, "r", StandardCharsets.UTF_16, 10));
            assertThrows(NullPointerException.class, () -> AsyncFile.open((Path) null, "r"));
            try (AsyncFile f = AsyncFile.open(existing, "r")) {
                assertThrows(IllegalStateException.class, () -> f.write("y"));
                assertThrows(IllegalStateException.class, f::readBytes);
            }
            AsyncFile f = AsyncFile.open(existing, "rb");
            assertThrows(IllegalStateException.class, f::readline);
            f.close();
            f.close();
            assertThrows(IllegalStateException.class, f::readBytes);
        });
    }

    @Test
    void malformedTextFailsButAGenuineReplacementCharIsRead() throws IOException {
        Path bad = Files.write(dir.resolve("bad"), new byte[] {'o', 'k', '\n', (byte) 0xC3, '(', '\n'});
        Path genuine = Files.writeString(dir.resolve("good"), "a\uFFFDb\n");
        run(() -> {
            try (AsyncFile f = AsyncFile.open(bad, "r")) {
                assertEquals("ok\n", f.readline());
                assertThrows(MalformedInputException.class, f::readline);
            }
            try (AsyncFile f = AsyncFile.open(genuine, "r")) {
                assertEquals("a\uFFFDb\n", f.readline());
            }
        });
    }

    @Test
    void binarySeekTellTruncateAndReadPlusWrite() throws IOException {
        Path p = dir.resolve("b");
        run(() -> {
            try (AsyncFile f = AsyncFile.open(p, "w+b")) {
                f.write("0123456789".getBytes(UTF_8));
                assertEquals(10, f.tell());
                assertEquals(2, f.seek(2));
                assertArrayEquals("234".getBytes(UTF_8), f.readBytes(3));
                f.write("xy".getBytes(UTF_8));
                assertEquals(7, f.tell());
                assertEquals(8, f.seek(-2, 2));
                assertArrayEquals("89".getBytes(UTF_8), f.readBytes());
                assertArrayEquals(new byte[0], f.readBytes(5));
                assertEquals(4, f.truncate(4));
                assertEquals(10, f.tell());
                f.seek(0);
                assertArrayEquals("0123".getBytes(UTF_8), f.readBytes());
                assertThrows(IllegalArgumentException.class, () -> f.seek(-1));
                assertThrows(IllegalArgumentException.class, () -> f.seek(0, 3));
            }
            try (AsyncFile f = AsyncFile.open(p, "r")) {
                assertThrows(IllegalArgumentException.class, () -> f.seek(1, 1));
                assertEquals(4, f.seek(0, 2));
            }
        });
        assertEquals("0123", Files.readString(p));
    }

    @Test
    void appendModesWriteAtTheEnd() throws IOException {
        Path p = Files.writeString(dir.resolve("a"), "start\n");
        run(() -> {
            try (AsyncFile f = AsyncFile.open(p, "a")) {
                assertEquals(6, f.tell());
                f.write("one\n");
                f.flush();
                assertEquals(10, f.tell());
            }
            try (AsyncFile f = AsyncFile.open(p, "a+")) {
                f.seek(0);
                assertEquals("start\n", f.readline());
                f.write("two\n");
                f.flush();
                assertEquals(14, f.tell());
                f.seek(0);
                assertEquals("start\none\ntwo\n", f.read());
            }
        });
        assertEquals("start\none\ntwo\n", Files.readString(p));
    }

    @Test
    void aLineLoopTakesOneThreadHopPerChunkNotPerLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int lines = 100_000;
        for (int i = 0; i < lines; i++) {
            sb.append("line ").append(i).append('\n');
        }
        Path p = Files.writeString(dir.resolve("many"), sb);
        long size = Files.size(p);
        long before = FileWorker.HOPS.get();
        int counted = run(() -> {
            int n = 0;
            try (AsyncFile f = AsyncFile.open(p, "r")) {
                for (String line : f) {
                    assertTrue(line.endsWith("\n"));
                    n++;
                }
            }
            return n;
        });
        long hops = FileWorker.HOPS.get() - before;
        assertEquals(lines, counted);
        long chunks = size / AsyncFile.DEFAULT_BUFFER_SIZE + 1;
        // open + one per chunk + the short read at the end + close
        assertTrue(hops <= chunks + 3, hops + " worker calls for " + chunks + " chunks and " + lines + " lines");
    }

    /** Lines longer than the read-ahead's slack (and than its fetches) come whole, in text and binary. */
    @Test
    void linesLongerThanTheReadAheadAreReadWhole() throws IOException {
        java.util.Random r = new java.util.Random(11);
        StringBuilder sb = new StringBuilder();
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String line = "é€𝄞x".repeat(r.nextInt(i % 10 == 0 ? 800 : 20)) + i + "\n";
            sb.append(line);
            expected.add(line);
        }
        Path p = Files.writeString(dir.resolve("long"), sb);
        run(() -> {
            for (int bufferSize : new int[] {8, 100, 4096}) {
                try (AsyncFile f = AsyncFile.open(p, "r", null, bufferSize)) {
                    assertEquals(expected, f.readlines(), "buffer " + bufferSize);
                }
                try (AsyncFile f = AsyncFile.open(p, "rb", null, bufferSize)) {
                    for (String line : expected) {
                        assertArrayEquals(line.getBytes(UTF_8), f.readlineBytes(), "buffer " + bufferSize);
                    }
                    assertEquals(0, f.readlineBytes().length);
                }
            }
        });
    }

    /** A binary file's read-ahead buffers are direct and pooled: files read one after another reuse them. */
    @Test
    void filesReadOneAfterAnotherReuseTheReadAheadBuffers() throws IOException {
        Path p = Files.writeString(dir.resolve("small"), "one\ntwo\n");
        run(() -> {
            try (AsyncFile f = AsyncFile.open(p, "rb")) {
                assertEquals(8, f.readBytes(100).length); // warms the pool
            }
            long before = DirectBufferPool.ALLOCATED.get();
            for (int i = 0; i < 50; i++) {
                try (AsyncFile f = AsyncFile.open(p, "rb")) {
                    assertArrayEquals("one\n".getBytes(UTF_8), f.readlineBytes());
                    assertArrayEquals("two\n".getBytes(UTF_8), f.readlineBytes());
                }
            }
            long allocated = DirectBufferPool.ALLOCATED.get() - before;
            // Two fetches per file (the second may land after the close and go back then): a few
            // buffers circulate; without the pool it would be 100.
            assertTrue(allocated <= 8, allocated + " direct buffers allocated for 50 small files");
        });
    }

    @Test
    void writesAreBufferedAndHandedOnInChunks() throws IOException {
        Path p = dir.resolve("w");
        long before = FileWorker.HOPS.get();
        run(() -> {
            try (AsyncFile f = AsyncFile.open(p, "w")) {
                for (int i = 0; i < 10_000; i++) {
                    f.write("0123456789\n"); // 110,000 bytes: two buffer hand-overs and the close
                }
            }
        });
        assertTrue(FileWorker.HOPS.get() - before <= 4, "worker calls: " + (FileWorker.HOPS.get() - before));
        assertEquals(110_000, Files.size(p));
    }

    @Test
    void closingTheLoopWritesWhatWasAcceptedAndClosesTheFile() throws IOException {
        Path p = dir.resolve("left-open");
        long fdsBefore = openFds();
        EventLoop loop = VirtualLoop.newLoop();
        AsyncFile[] kept = new AsyncFile[1];
        loop.runUntilComplete(() -> {
            kept[0] = AsyncFile.open(p, "w");
            kept[0].write("accepted, never flushed");
            return null;
        });
        loop.close();
        assertTrue(kept[0].closed());
        assertEquals("accepted, never flushed", Files.readString(p));
        assertEquals(fdsBefore, openFds());
    }

    @Test
    void aFileBelongsToTheLoopThatOpenedIt() throws IOException {
        Path p = Files.writeString(dir.resolve("x"), "x\n");
        EventLoop other = VirtualLoop.newLoop();
        try {
            AsyncFile f = other.runUntilComplete(() -> AsyncFile.open(p, "r"));
            run(() -> assertThrows(IllegalStateException.class, f::readline));
        } finally {
            other.close();
        }
    }

    static long openFds() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void iterationStopsAtTheEndAndReportsNoMoreElements() throws IOException {
        Path p = Files.writeString(dir.resolve("two"), "a\nb");
        run(() -> {
            try (AsyncFile f = AsyncFile.open(p, "r")) {
                var it = f.iterator();
                assertEquals("a\n", it.next());
                assertEquals("b", it.next());
                assertFalse(it.hasNext());
                assertThrows(java.util.NoSuchElementException.class, it::next);
            }
            Asyncio.sleep(0);
        });
    }
}
