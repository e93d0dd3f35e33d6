package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.files.AsyncFile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files read and written through {@link AsyncFile} on a loop, beside plain Java on a platform
 * thread (docs/benchmarks.md "Files"; aiofiles runs beside it from python/files_bench.py).
 * Modes: {@code write} (SIZE bytes in 64 KiB chunks), {@code lines} (read line by line),
 * {@code chunks} (read in 64 KiB chunks into one reused array: {@code readInto}, as plain Java's
 * {@code InputStream.read(byte[])}), {@code readbytes} (64 KiB chunks as new arrays: {@code readBytes(n)}). Prints MB/s and the process's CPU time
 * during the work (both threads of jasyncio: the loop and the file worker), after a warm-up
 * pass of the same work on 64 MiB.
 * Usage: {@code FilesBench jasyncio|java MODE PATH SIZE_BYTES}.
 */
public final class FilesBench {
    private static final int CHUNK = 64 * 1024;

    private FilesBench() {}

    public static void main(String[] args) throws Exception {
        String impl = args[0];
        String mode = args[1];
        Path path = Path.of(args[2]);
        long size = Long.parseLong(args[3]);
        long start = System.nanoTime();
        long[] took = new long[2]; // wall and CPU nanoseconds of the file work alone
        Path warm = Path.of(path + ".warm");
        long warmSize = Math.min(size, WARM_UP);
        long[] warmTook = new long[2];
        long n;
        try {
            if (impl.equals("jasyncio")) {
                n = Asyncio.run(() -> {
                    warmUp(warmTook, mode, warm, warmSize, () -> onLoop(mode, warm, warmSize));
                    return timed(took, () -> onLoop(mode, path, size));
                });
            } else {
                warmUp(warmTook, mode, warm, warmSize, () -> plain(mode, warm, warmSize));
                n = timed(took, () -> plain(mode, path, size));
            }
        } finally {
            Files.deleteIfExists(warm);
        }
        double s = took[0] / 1e9;
        double loopStart = (System.nanoTime() - start - took[0]) / 1e9;
        System.out.printf("%-8s %-9s %6.0f MB/s  %.2f s  cpu %.2f s  (%d %s; %.2f s outside the work)%n", impl, mode,
                size / 1e6 / s, s, took[1] / 1e9, n, mode.equals("lines") ? "lines" : "bytes", loopStart);
    }

    /** The warm-up pass: the same work on 64 MiB of another file first (see {@link #warmUp}). */
    private static final long WARM_UP = 64L << 20;

    /**
     * Runs the work once on a small file before the timed run, for both implementations: the JIT
     * and the loop's background start-up (its JMX registration and the socket poller's set-up run
     * on threads of their own and used to land inside the timed window, about 20% of jasyncio's
     * CPU samples in a 1 GiB bulk read) are paid before the clock starts.
     */
    private static void warmUp(long[] took, String mode, Path warm, long size, Work work) throws IOException {
        if (!mode.equals("write")) {
            try (OutputStream out = Files.newOutputStream(warm)) {
                byte[] c = chunk();
                for (long w = 0; w < size; w += c.length) {
                    out.write(c);
                }
            }
        }
        timed(took, work);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("jasyncio-jmx") || t.getName().equals("jasyncio-poller-init")) {
                try {
                    t.join(java.time.Duration.ofSeconds(10)); // one-off start-up work, not the file's
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private interface Work {
        long run() throws IOException;
    }

    /**
     * Times the file work alone: the loop's own start-up (class loading, about 0.2 s of one CPU
     * here) is a fixed cost per process, reported apart ("outside the work").
     */
    private static long timed(long[] took, Work work) throws IOException {
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        long n = work.run();
        took[0] = System.nanoTime() - t0;
        took[1] = cpu() - cpu0;
        return n;
    }

    /** A line of 100 bytes: the file written is SIZE/100 such lines. */
    static byte[] chunk() {
        byte[] line = "0123456789 the quick brown fox jumps over the lazy dog 0123456789 abcdefghijklmnopqrstuvwxyz 012\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] c = new byte[CHUNK / line.length * line.length];
        for (int i = 0; i < c.length; i += line.length) {
            System.arraycopy(line, 0, c, i, line.length);
        }
        return c;
    }

    private static long onLoop(String mode, Path path, long size) throws IOException {
        switch (mode) {
            case "write" -> {
                byte[] c = chunk();
                long written = 0;
                try (AsyncFile f = AsyncFile.open(path, "wb")) {
                    while (written < size) {
                        written += f.write(c);
                    }
                }
                return written;
            }
            case "lines" -> {
                long lines = 0;
                try (AsyncFile f = AsyncFile.open(path, "r")) {
                    for (String line : f) {
                        lines += line.isEmpty() ? 0 : 1;
                    }
                }
                return lines;
            }
            case "readbytes" -> {
                long total = 0;
                try (AsyncFile f = AsyncFile.open(path, "rb")) {
                    for (byte[] b = f.readBytes(CHUNK); b.length > 0; b = f.readBytes(CHUNK)) {
                        total += b.length;
                    }
                }
                return total;
            }
            default -> {
                long total = 0;
                byte[] b = new byte[CHUNK];
                try (AsyncFile f = AsyncFile.open(path, "rb")) {
                    for (int k = f.readInto(b); k > 0; k = f.readInto(b)) {
                        total += k;
                    }
                }
                return total;
            }
        }
    }

    private static long plain(String mode, Path path, long size) throws IOException {
        switch (mode) {
            case "write" -> {
                byte[] c = chunk();
                long written = 0;
                try (OutputStream out = Files.newOutputStream(path)) {
                    while (written < size) {
                        out.write(c);
                        written += c.length;
                    }
                }
                return written;
            }
            case "lines" -> {
                long lines = 0;
                try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines++;
                    }
                }
                return lines;
            }
            default -> {
                long total = 0;
                byte[] b = new byte[CHUNK];
                try (InputStream in = Files.newInputStream(path)) {
                    for (int k = in.read(b); k > 0; k = in.read(b)) {
                        total += k;
                    }
                }
                return total;
            }
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
