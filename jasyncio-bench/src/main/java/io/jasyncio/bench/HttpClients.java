package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.client.ClientResponse;
import io.jasyncio.client.ClientSession;
import io.jasyncio.client.SessionOptions;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * HTTP clients doing keep-alive GETs (docs/benchmarks.md "HTTP clients"): CONC concurrent workers
 * each doing REQS {@code GET /} against a server on 127.0.0.1 (the Netty hello peer).
 * <ul>
 *   <li>{@code jasyncio}: CONC tasks on one loop sharing one {@link ClientSession} (its pool
 *       keeps up to CONC connections alive), each reading the body whole;</li>
 *   <li>{@code jdk}: the JDK's {@code java.net.http.HttpClient} (HTTP/1.1) with CONC virtual
 *       threads doing blocking {@code send} calls.</li>
 * </ul>
 * Prints requests/s and the process's CPU time per request (client side: the server is another
 * process). Usage: {@code HttpClients PORT MODE CONC REQS}.
 */
public final class HttpClients {
    private HttpClients() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String mode = args[1];
        int conc = Integer.parseInt(args[2]);
        int reqs = Integer.parseInt(args[3]);
        String url = "http://127.0.0.1:" + port + "/";
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            switch (mode) {
                case "jasyncio" -> jasyncio(url, conc, reqs);
                case "jdk" -> jdk(url, conc, reqs);
                default -> throw new IllegalArgumentException("mode: jasyncio or jdk");
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpuUs = (cpuNanos() - cpu0) / 1e3;
            long total = (long) conc * reqs;
            if (round == 1) {
                System.out.printf("%s conc=%d req/s=%.0f client_cpu_us/req=%.1f%n", mode, conc, total / secs, cpuUs / total);
            }
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void jasyncio(String url, int conc, int reqs) {
        Asyncio.run(() -> {
            try (ClientSession session = new ClientSession(SessionOptions.defaults().withLimit(conc))) {
                List<Task<Void>> all = new ArrayList<>();
                for (int c = 0; c < conc; c++) {
                    all.add(Asyncio.createTask(() -> {
                        for (int i = 0; i < reqs; i++) {
                            try (ClientResponse r = session.get(url)) {
                                check(r.status(), r.read().length);
                            }
                        }
                    }));
                }
                for (Task<Void> t : all) {
                    t.await();
                }
            }
        });
    }

    private static void jdk(String url, int conc, int reqs) throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor();
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int c = 0; c < conc; c++) {
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < reqs; i++) {
                        try {
                            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            check(r.statusCode(), r.body().length);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }, threads));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
        }
    }

    private static void check(int status, int length) {
        if (status != 200 || length == 0) {
            throw new IllegalStateException("unexpected answer: " + status + ", " + length + " bytes");
        }
    }
}
