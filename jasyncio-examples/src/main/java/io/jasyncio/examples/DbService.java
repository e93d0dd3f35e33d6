package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.db.ConnectionPool;
import io.jasyncio.db.PoolOptions;
import io.jasyncio.db.PooledConnection;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.transports.Server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A small service that serves rows from PostgreSQL over plain jasyncio streams: each connection
 * sends {@code GET /items?limit=N} (the first line of an HTTP/1.0 request) and gets the rows as
 * text; every query goes through a {@link ConnectionPool} of 4 connections shared by all clients,
 * and pgjdbc's socket calls park the serving task, not the loop. The example starts the service on
 * an ephemeral port, queries it as three concurrent clients, and stops it.
 *
 * <p>Needs PostgreSQL on 127.0.0.1 (role {@code jasyncio}/{@code jasyncio}, database
 * {@code jasyncio_test}, or {@code JASYNCIO_PG_URL/USER/PASSWORD}): {@code sudo bash
 * .ci/setup.d/40-postgres.sh} installs and prepares it. Without it the example says so.
 */
public final class DbService implements Example {
    static final String URL = env("JASYNCIO_PG_URL", "jdbc:postgresql://127.0.0.1:5432/jasyncio_test?ApplicationName=db-service");
    static final String USER = env("JASYNCIO_PG_USER", "jasyncio");
    static final String PASSWORD = env("JASYNCIO_PG_PASSWORD", "jasyncio");

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v != null ? v : dflt;
    }

    @Override
    public String name() {
        return "db-service";
    }

    @Override
    public String description() {
        return "serves PostgreSQL rows over jasyncio streams through a ConnectionPool (needs PostgreSQL)";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Asyncio.run(() -> {
            ConnectionPool pool;
            try {
                pool = ConnectionPool.create(() -> DriverManager.getConnection(URL, USER, PASSWORD),
                        PoolOptions.defaults().withSize(1, 4));
            } catch (SQLException e) {
                out.println("db-service needs PostgreSQL at " + URL + " (" + e.getMessage() + "): run "
                        + "`sudo bash .ci/setup.d/40-postgres.sh` or set JASYNCIO_PG_URL/USER/PASSWORD"
                        + " (and pgjdbc on the class path: the examples module's runtime dependency)");
                return;
            }
            try {
                seed(pool);
                try (Server server = Asyncio.startServer((r, w) -> serve(pool, r, w), "127.0.0.1", 0)) {
                    var a = Asyncio.createTask(() -> fetch(server.port(), "GET /items?limit=2"));
                    var b = Asyncio.createTask(() -> fetch(server.port(), "GET /items?limit=5"));
                    var c = Asyncio.createTask(() -> fetch(server.port(), "GET /nothing"));
                    out.print(a.await());
                    out.print(b.await());
                    out.print(c.await());
                }
            } finally {
                pool.close();
            }
            out.println("pool closed, connections in use: " + pool.getInUse());
        });
    }

    private static void seed(ConnectionPool pool) throws SQLException {
        try (PooledConnection c = pool.acquire()) {
            c.withStatement(st -> {
                st.execute("CREATE TABLE IF NOT EXISTS db_service_items (id int PRIMARY KEY, name text NOT NULL)");
                st.execute("TRUNCATE db_service_items");
                return st.execute("INSERT INTO db_service_items SELECT i, 'item ' || i FROM generate_series(1, 5) i");
            });
        }
    }

    /** One client: read the request line, answer from the database, close. */
    private static void serve(ConnectionPool pool, StreamReader reader, StreamWriter writer) throws IOException {
        String line = new String(reader.readline(), StandardCharsets.US_ASCII).trim();
        StringBuilder body = new StringBuilder();
        String status;
        if (line.startsWith("GET /items?limit=")) {
            int limit = Integer.parseInt(line.substring("GET /items?limit=".length()).split(" ")[0]);
            try (PooledConnection c = pool.acquire(5)) {
                c.withPrepared("SELECT id, name FROM db_service_items ORDER BY id LIMIT ?", ps -> {
                    ps.setInt(1, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            body.append(rs.getInt(1)).append('\t').append(rs.getString(2)).append('\n');
                        }
                    }
                    return null;
                });
                status = "200 OK";
            } catch (SQLException e) {
                status = "503 Service Unavailable";
                body.append(e.getMessage()).append('\n');
            }
        } else {
            status = "404 Not Found";
        }
        writer.write(("HTTP/1.0 " + status + "\r\nContent-Type: text/plain\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
        writer.drain();
        writer.close();
    }

    private static String fetch(int port, String requestLine) throws IOException {
        StreamPair c = Asyncio.openConnection("127.0.0.1", port);
        c.writer().write((requestLine + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String response = new String(c.reader().read(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        c.writer().close();
        return requestLine + " ->\n" + response.replace("Content-Type: text/plain\n\n", "");
    }
}
