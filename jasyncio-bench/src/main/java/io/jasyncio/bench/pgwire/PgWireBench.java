package io.jasyncio.bench.pgwire;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.queues.Queue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SELECT 1} per second over {@link PgWireConnection}, the protocol probe on jasyncio's own
 * streams: CONC tasks on one loop share CONNS connections through a queue (the least a pool
 * does), as {@code DbBench} and asyncpg share a pool of 10 (docs/benchmarks.md "Databases").
 * Prints the queries per second and the process's CPU per query, in DbBench's format.
 * Usage: {@code PgWireBench HOST PORT DB USER PASSWORD CONC OPS [CONNS]}.
 */
public final class PgWireBench {
    private PgWireBench() {}

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String db = args[2];
        String user = args[3];
        String password = args[4];
        int conc = Integer.parseInt(args[5]);
        int ops = Integer.parseInt(args[6]);
        int conns = args.length > 7 ? Integer.parseInt(args[7]) : 10;
        byte[] select1 = PgWireConnection.query("SELECT 1");
        Asyncio.run(() -> {
            Queue<PgWireConnection> pool = new Queue<>();
            List<PgWireConnection> all = new ArrayList<>();
            for (int i = 0; i < conns; i++) {
                PgWireConnection c = PgWireConnection.connect(host, port, db, user, password);
                all.add(c);
                pool.putNowait(c);
            }
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            int share = ops / conc;
            List<Task<Void>> workers = new ArrayList<>();
            for (int w = 0; w < conc; w++) {
                workers.add(Asyncio.createTask(() -> {
                    for (int i = 0; i < share; i++) {
                        PgWireConnection c = pool.get();
                        try {
                            if (c.queryInt(select1) != 1) {
                                throw new IOException("SELECT 1 did not return 1");
                            }
                        } finally {
                            pool.putNowait(c);
                        }
                    }
                }));
            }
            for (Task<Void> t : workers) {
                t.await();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%-8s %-8s conc %3d  %8.0f q/s  cpu %5.1f µs/q%n", "pgwire", "select1", conc,
                    share * conc / s, (cpu() - cpu0) / 1e3 / (share * conc));
            for (PgWireConnection c : all) {
                c.close();
            }
        });
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
