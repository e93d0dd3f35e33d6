package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.subprocess.Process;
import io.jasyncio.subprocess.Stdio;
import io.jasyncio.subprocess.SubprocessOptions;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * A child's pipes through {@code Asyncio.createSubprocessExec} (docs/benchmarks.md "Subprocess
 * pipes"; CPython asyncio and uvloop run beside it from python/subprocess_bench.py):
 * <ul>
 * <li>{@code cat SIZE}: a child writes SIZE bytes to stdout ({@code head -c SIZE /dev/zero}, what
 * {@code cat} of a cached file does), read with {@code stdout().read(65536)} to EOF: MB/s;</li>
 * <li>{@code pingpong N}: a {@code cat} child echoes a 64-byte line N times, each written, drained
 * and read back with {@code readexactly} before the next: µs per round trip.</li>
 * </ul>
 * Each is measured after a warm-up run of a tenth of its size in the same JVM (a child of its
 * own), so the figures are the pipes' steady state, not the JVM's start-up and JIT; the Python
 * side warms up the same way. Prints the figure, the wall time and this process's CPU time over
 * the measured run (not the child's), per GiB or per round trip too. Labelled {@code jasyncio} on the
 * selector-watched socket path (native access enabled) and {@code jas-pumps} on the JDK {@code Process}
 * path with pump threads ({@code -Djasyncio.subprocess.pumps=true}, or no native access).
 * Usage: {@code SubprocessBench cat SIZE_BYTES | pingpong ROUND_TRIPS}.
 */
public final class SubprocessBench {
    private static final int CHUNK = 64 * 1024;
    private static final int LINE = 64;

    private SubprocessBench() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long n = Long.parseLong(args[1]);
        long[] measured = Asyncio.run(() -> {
            run(mode, n / 10); // warm-up
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            long count = run(mode, n);
            return new long[] {count, System.nanoTime() - t0, cpu() - cpu0};
        });
        long done = measured[0];
        double s = measured[1] / 1e9;
        double cpuS = measured[2] / 1e9;
        boolean pumps = Boolean.getBoolean("jasyncio.subprocess.pumps")
                || !SubprocessBench.class.getModule().isNativeAccessEnabled();
        String label = pumps ? "jas-pumps" : "jasyncio";
        if (mode.equals("cat")) {
            System.out.printf("%-9s cat       %7.0f MB/s      %.2f s  cpu %.2f s  (%d bytes, cpu %.2f s/GiB)%n", label,
                    done / 1e6 / s, s, cpuS, done, cpuS * (1L << 30) / done);
        } else {
            System.out.printf("%-9s pingpong  %7.1f µs/trip   %.2f s  cpu %.2f s  (%d round trips, cpu %.1f µs/trip)%n",
                    label, s * 1e6 / done, s, cpuS, done, cpuS * 1e6 / done);
        }
    }

    private static long run(String mode, long n) throws Exception {
        return mode.equals("cat") ? cat(n) : pingPong(n);
    }

    private static long cat(long size) throws Exception {
        Process p = Asyncio.createSubprocessExec(SubprocessOptions.defaults().withStdout(Stdio.PIPE), "head", "-c",
                Long.toString(size), "/dev/zero");
        long total = 0;
        for (byte[] b = p.stdout().read(CHUNK); b.length > 0; b = p.stdout().read(CHUNK)) {
            total += b.length;
        }
        if (p.await() != 0 || total != size) {
            throw new IllegalStateException("child failed: rc " + p.returncode() + ", " + total + " bytes");
        }
        return total;
    }

    private static long pingPong(long trips) throws Exception {
        Process p = Asyncio.createSubprocessExec(
                SubprocessOptions.defaults().withStdin(Stdio.PIPE).withStdout(Stdio.PIPE), "cat");
        byte[] line = new byte[LINE];
        Arrays.fill(line, (byte) 'x');
        line[LINE - 1] = '\n';
        for (long i = 0; i < trips; i++) {
            p.stdin().write(line);
            p.stdin().drain();
            p.stdout().readexactly(LINE);
        }
        p.stdin().close();
        if (p.await() != 0) {
            throw new IllegalStateException("cat failed: rc " + p.returncode());
        }
        return trips;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
