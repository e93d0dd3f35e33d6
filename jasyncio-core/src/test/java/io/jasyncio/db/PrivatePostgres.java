package io.jasyncio.db;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of the test's own: a fresh cluster in a temporary directory on a free port
 * of 127.0.0.1, started, restarted and stopped by the test, for what must not be done to the
 * shared server {@code .ci/setup.d/40-postgres.sh} starts (restarting that one broke every other
 * test run using it on the machine at that moment). Its superuser is {@code jasyncio}, trusted
 * without a password, its database {@code postgres}.
 *
 * <p>The binaries come from {@code JASYNCIO_PG_BINDIR}, else Debian's newest
 * {@code /usr/lib/postgresql/N/bin}, else {@code initdb} on the PATH. PostgreSQL refuses to run as
 * root, so as root the commands run as the {@code postgres} user (runuser). Missing binaries fail
 * the test under {@code CI=true} and skip it otherwise. Blocking: call it outside the loop (or
 * through {@code toThread}).
 */
final class PrivatePostgres implements AutoCloseable {
    private final Path dir;
    private final Path bin;
    private final List<String> asUser;
    final int port;

    private PrivatePostgres(Path dir, Path bin, List<String> asUser, int port) {
        this.dir = dir;
        this.bin = bin;
        this.asUser = asUser;
        this.port = port;
    }

    /** initdb and start; a failure removes what was made. */
    static PrivatePostgres start() throws Exception {
        Path bin = binDir();
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> asUser = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
        Path dir = Files.createTempDirectory("jasyncio-pg-");
        if (root) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrivatePostgres pg = new PrivatePostgres(dir, bin, asUser, port);
        boolean started = false;
        try {
            pg.exec(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "jasyncio",
                    "-N", "-E", "UTF8", "--locale=C");
            pg.pgCtl("start");
            started = true;
            return pg;
        } finally {
            if (!started) {
                pg.close();
            }
        }
    }

    /** {@code pg_ctl restart -m fast}: every session is cut, as a real restart does; returns once it accepts connections again. */
    void restart() throws IOException, InterruptedException {
        pgCtl("restart", "-m", "fast");
    }

    String url(String applicationName) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?ApplicationName=" + applicationName
                + "&connectTimeout=10&socketTimeout=60";
    }

    ConnectionFactory factory(String applicationName) {
        String url = url(applicationName);
        return () -> DriverManager.getConnection(url, "jasyncio", "");
    }

    /** The server's session count for {@code applicationName} once it stops falling, at most {@code seconds} later. */
    int sessionsSettled(String applicationName, double seconds) throws SQLException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (true) {
            int n;
            try (Connection c = DriverManager.getConnection(url("jasyncio-test-admin"), "jasyncio", "");
                    var st = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
                st.setString(1, applicationName);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    n = rs.getInt(1);
                }
            }
            if (n == 0 || System.nanoTime() >= end) {
                return n;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
    }

    private void pgCtl(String command, String... more) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), command, "-D",
                dir.resolve("data").toString(), "-w", "-t", "60", "-l", dir.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"));
        args.addAll(List.of(more));
        exec(args.toArray(String[]::new));
    }

    private void exec(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(asUser);
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("commands.log").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        if (p.exitValue() != 0) {
            throw new IOException(cmd + " exited with " + p.exitValue() + ": " + Files.readString(dir.resolve("commands.log"))
                    + (Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : ""));
        }
    }

    private static Path binDir() {
        String env = System.getenv("JASYNCIO_PG_BINDIR");
        if (env != null) {
            return Path.of(env);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            var newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))));
            if (newest.isPresent()) {
                return newest.get().resolve("bin");
            }
        } catch (IOException | NumberFormatException e) {
            // not Debian's layout: look on the PATH
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "initdb"))) {
                return Path.of(d);
            }
        }
        String msg = "no PostgreSQL binaries (initdb, pg_ctl) to start a private server: apt-get install postgresql"
                + " (.ci/setup.d/40-postgres.sh) or set JASYNCIO_PG_BINDIR";
        if ("true".equals(System.getenv("CI"))) {
            fail(msg);
        }
        Assumptions.abort(msg);
        throw new AssertionError(msg);
    }

    /** Stops the server at once (immediate) and removes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                exec(bin.resolve("pg_ctl").toString(), "stop", "-D", dir.resolve("data").toString(), "-w", "-m", "immediate");
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
