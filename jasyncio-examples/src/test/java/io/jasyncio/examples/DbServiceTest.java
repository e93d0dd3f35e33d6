package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** db-service's output against the real PostgreSQL of .ci/setup.d/40-postgres.sh. */
class DbServiceTest {
    @Test
    void servesRowsFromPostgres() throws Exception {
        String out = ExampleOutput.of(new DbService(), false);
        if (out.startsWith("db-service needs PostgreSQL")) {
            if ("true".equals(System.getenv("CI"))) {
                fail(out);
            }
            Assumptions.abort(out);
        }
        assertEquals("""
                GET /items?limit=2 ->
                HTTP/1.0 200 OK
                1\titem 1
                2\titem 2
                GET /items?limit=5 ->
                HTTP/1.0 200 OK
                1\titem 1
                2\titem 2
                3\titem 3
                4\titem 4
                5\titem 5
                GET /nothing ->
                HTTP/1.0 404 Not Found
                pool closed, connections in use: 0
                """, out);
    }
}
