package io.jasyncio.files;

import static io.jasyncio.testkit.VirtualLoop.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bulk reads and writes: {@code readInto} (Python's {@code readinto}), read-ahead that grows to
 * 1 MiB with two fetches on their way, write-behind buffers that grow to 1 MiB, and what
 * cancellation may and may not do to them.
 */
class AsyncFileBulkTest {
    @TempDir
    Path dir;

    private static byte[] pattern(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void readIntoFillsTheWholeBufferUntilTheEndAndThenReturnsZero() throws IOException {
        byte[] data = pattern(3 * 1024 * 1024 + 123, 1);
        Path p = Files.write(dir.resolve("bulk"), data);
        byte[] got = run(() -> {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] b = new byte[64 * 1024];
            try (AsyncFile f = AsyncFile.open(p, "rb")) {
                for (int k = f.readInto(b); k > 0; k = f.readInto(b)) {
                    assertTrue(k == b.length || f.tell() == data.length, "short only at the end: " + k);
                    all.write(b, 0, k);
                }
                assertEquals(0, f.readInto(b), "0 at end of file, as Python's readinto");
                assertEquals(data.length, f.tell());
            }
            return all.toByteArray();
        });
        assertArrayEquals(data, got);
    }

    @Test
    void readIntoByteBuffersHeapAndDirectMoveTheirPosition() throws IOException {
        byte[] data = pattern(200_000, 2);
        Path p = Files.write(dir.resolve("bb"), data);
        run(() -> {
            try (AsyncFile f = AsyncFile.open(p, "rb", null, 4096)) {
                ByteBuffer heap = ByteBuffer.allocate(70_000);
                heap.position(10);
                assertEquals(69_990, f.readInto(heap));
                assertEquals(70_000, heap.position());
                assertArrayEquals(Arrays.copyOfRange(data, 0, 69_990), Arrays.copyOfRange(heap.array(), 10, 70_000));
                ByteBuffer direct = ByteBuffer.allocateDirect(200_000);
                assertEquals(200_000 - 69_990, f.readInto(direct));
                byte[] rest = new byte[direct.flip().remaining()];
                direct.get(rest);
                assertArrayEquals(Arrays.copyOfRange(data, 69_990, data.length), rest);
                assertThrows(java.nio.ReadOnlyBufferException.class, () -> f.readInto(ByteBuffer.allocate(4).asReadOnlyBuffer()));
                assertThrows(IndexOutOfBoundsException.class, () -> f.readInto(new byte[4], 3, 2));
                NullPointerException npe = assertThrows(NullPointerException.class, () -> f.readInto((byte[]) null));
                assertEquals("b", npe.getMessage());
            }
            try (AsyncFile text = AsyncFile.open(p, "r", java.nio.charset.StandardCharsets.ISO_8859_1, 4096)) {
                assertThrows(IllegalStateException.class, () -> text.readInto(new byte[4]), "readInto needs a binary mode");
            }
        });
    }

    /** One worker call per fetch: fetches grow from 64 KiB to 1 MiB, so 16 MiB take about 20, not 256. */
    @Test
    void bulkReadsAndWritesTakeAThreadHopPerMebibyteNotPer64KiB() throws IOException {
        int size = 16 * 1024 * 1024;
        byte[] data = pattern(size, 3);
        Path p = dir.resolve("hops");
        long before = FileWorker.HOPS.get();
        run(() -> {
            try (AsyncFile f = AsyncFile.open(p, "wb")) {
                for (int off = 0; off < size; off += 65_500) {
                    f.write(Arrays.copyOfRange(data, off, Math.min(size, off + 65_500)));
                }
            }
        });
        long writeHops = FileWorker.HOPS.get() - before;
        assertArrayEquals(data, Files.readAllBytes(p));
        // open + 64K,128K,256K,512K ramp + 15 or 16 MiB buffers + close
        assertTrue(writeHops <= 24, writeHops + " worker calls to write 16 MiB");
        before = FileWorker.HOPS.get();
        byte[] got = run(() -> {
            byte[] all = new byte[size];
            try (AsyncFile f = AsyncFile.open(p, "rb")) {
                int at = 0;
                for (int k = f.readInto(all, at, 65_536); k > 0; k = f.readInto(all, at, Math.min(65_536, size - at))) {
                    at += k;
                }
            }
            return all;
        });
        long readHops = FileWorker.HOPS.get() - before;
        assertArrayEquals(data, got);
        assertTrue(readHops <= 26, readHops + " worker calls to read 16 MiB");
    }

    /** A model of the file and its position checks every answer of a seeded mix of reads and seeks. */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 4096, 65_536})
    void randomReadsAndSeeksMatchTheFile(int bufferSize) throws IOException {
        byte[] data = pattern(3 * 1024 * 1024 + 17, 4);
        for (int i = 0; i < data.length; i += 97) {
            data[i] = '\n'; // lines for readlineBytes
        }
        Path p = Files.write(dir.resolve("model"), data);
        Random r = new Random(bufferSize);
        run(() -> {
            try (AsyncFile f = AsyncFile.open(p, "rb", null, bufferSize)) {
                int pos = 0;
                for (int step = 0; step < (bufferSize == 1 ? 300 : 2000); step++) {
                    int op = r.nextInt(10);
                    if (op == 0) {
                        pos = r.nextInt(data.length + 10);
                        assertEquals(pos, f.seek(pos));
                        pos = Math.min(pos, data.length);
                        if (f.tell() != pos) {
                            f.seek(pos); // past the end: Python allows it, reads then return nothing
                        }
                    } else if (op < 5) {
                        byte[] b = new byte[1 + r.nextInt(bufferSize == 1 ? 300 : 200_000)];
                        int k = f.readInto(b);
                        int want = Math.min(b.length, data.length - pos);
                        assertEquals(want, k, "readInto at " + pos);
                        assertArrayEquals(Arrays.copyOfRange(data, pos, pos + want), Arrays.copyOf(b, k));
                        pos += k;
                    } else if (op < 8) {
                        int n = r.nextInt(bufferSize == 1 ? 300 : 100_000);
                        byte[] b = f.readBytes(n);
                        assertArrayEquals(Arrays.copyOfRange(data, pos, Math.min(data.length, pos + n)), b, "readBytes at " + pos);
                        pos += b.length;
                    } else {
                        byte[] line = f.readlineBytes();
                        int end = pos;
                        while (end < data.length && data[end] != '\n') {
                            end++;
                        }
                        end = Math.min(data.length, end + 1);
                        assertArrayEquals(Arrays.copyOfRange(data, pos, end), line, "readlineBytes at " + pos);
                        pos = end;
                    }
                    assertEquals(pos, f.tell());
                }
            }
        });
    }

    /** Cancelled at any await of a readInto or readBytes, a reader loses no byte and repeats none. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 8, 13, 21, 34, 55})
    void aCancelledBulkReaderLosesNoByteAndRepeatsNone(int yields) throws IOException {
        byte[] data = pattern(2 * 1024 * 1024 + 5, 5);
        Path p = Files.write(dir.resolve("cancel-read"), data);
        byte[] got = run(() -> {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try (AsyncFile f = AsyncFile.open(p, "rb", null, 4096)) {
                Task<Void> victim = Asyncio.createTask(() -> {
                    byte[] b = new byte[10_000]; // more than a fetch at first: reads span fetches
                    ByteBuffer direct = ByteBuffer.allocateDirect(7_000);
                    for (int i = 0; ; i++) {
                        if (i % 3 == 0) {
                            int k = f.readInto(b);
                            if (k == 0) {
                                return;
                            }
                            all.write(b, 0, k);
                        } else if (i % 3 == 1) {
                            direct.clear();
                            int k = f.readInto(direct);
                            if (k == 0) {
                                return;
                            }
                            byte[] c = new byte[k];
                            direct.flip().get(c);
                            all.write(c);
                        } else {
                            byte[] c = f.readBytes(9_000);
                            if (c.length == 0) {
                                return;
                            }
                            all.write(c);
                        }
                    }
                });
                CancelAfter.yields(victim, yields); // cancelled at some await of a read, or before it started
                assertEquals(all.size(), f.tell(), "the position is what the reader received");
                all.write(f.readBytes());
            }
            return all.toByteArray();
        });
        assertArrayEquals(data, got);
    }

    /** A write larger than the buffer (written as one worker call) is all-or-nothing when cancelled. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 8, 13, 21})
    void aCancelledOversizedWriteLandsWholeOrNotAtAll(int yields) throws IOException {
        Path p = dir.resolve("cancel-write");
        int block = 9_000; // more than the 4096-byte buffer
        long[] acked = new long[1];
        long[] told = new long[1];
        run(() -> {
            try (AsyncFile f = AsyncFile.open(p, "wb", null, 4096)) {
                Task<Void> victim = Asyncio.createTask(() -> {
                    byte[] b = new byte[block];
                    for (int i = 0; ; i++) {
                        Arrays.fill(b, (byte) ('a' + i % 26));
                        f.write(b);
                        acked[0]++;
                    }
                });
                CancelAfter.yields(victim, yields); // the write in progress lands whole or not at all
                told[0] = f.tell();
            }
        });
        byte[] content = Files.readAllBytes(p);
        assertEquals(told[0], content.length, "tell() must match the file");
        assertEquals(acked[0] * block, content.length, content.length + " bytes for " + acked[0] + " acknowledged writes");
        for (int i = 0; i < content.length; i++) {
            assertEquals((byte) ('a' + i / block % 26), content[i], "byte " + i);
        }
    }
}
