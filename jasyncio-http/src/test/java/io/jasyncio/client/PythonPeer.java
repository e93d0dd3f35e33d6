package io.jasyncio.client;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jasyncio.Asyncio;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python program (an aiohttp or websockets server written by the test) run as a peer on
 * 127.0.0.1 by /usr/bin/python3, bounded in time and killed when closed. Under CI=true a missing
 * module is a failure; outside CI the test is skipped with a message naming the package.
 */
final class PythonPeer implements AutoCloseable {
    final int port;
    private final Process process;

    private PythonPeer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** Skips (fails under CI) unless /usr/bin/python3 can import {@code module}. */
    static void require(String module, String debianPackage) {
        boolean ok;
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import " + module).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            ok = false;
        }
        if (!ok && "true".equals(System.getenv("CI"))) {
            fail("/usr/bin/python3 cannot import " + module + ": apt-get install " + debianPackage + " (.ci/setup.d/30-http.sh)");
        }
        assumeTrue(ok, "/usr/bin/python3 cannot import " + module + ": install it with apt-get install " + debianPackage);
    }

    /** Writes {@code script} to {@code dir} and runs it with a free port as its first argument. */
    static PythonPeer start(Path dir, String script) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path file = Files.writeString(dir.resolve("peer.py"), script);
        Process p = new ProcessBuilder(List.of("/usr/bin/python3", file.toString(), Integer.toString(port)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("peer.log").toFile()).start();
        return new PythonPeer(port, p);
    }

    /** Suspends (at most 30 s) until the peer accepts connections. */
    void awaitListening() throws Exception {
        Asyncio.timeout(30, () -> {
            while (true) {
                try {
                    var io = Asyncio.openConnection("127.0.0.1", port);
                    io.writer().close();
                    return null;
                } catch (IOException e) {
                    if (!process.isAlive()) {
                        throw new IOException("the python peer exited with " + process.exitValue());
                    }
                    Asyncio.sleep(0.05);
                }
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
