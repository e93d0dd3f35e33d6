package io.jasyncio.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/**
 * An order checker in the style of kotlinx.coroutines' expect(n)/finish(n), public for the test
 * packages outside {@code io.jasyncio}: every step states its number, and the test fails at the
 * first step out of order.
 */
public final class Steps {
    private int next = 1;
    private final List<String> log = new ArrayList<>();

    public void expect(int n) {
        assertEquals(next, n, "step out of order; steps so far: " + log);
        log.add(String.valueOf(n));
        next++;
    }

    public void finish(int n) {
        expect(n);
    }

    public int count() {
        return next - 1;
    }
}
