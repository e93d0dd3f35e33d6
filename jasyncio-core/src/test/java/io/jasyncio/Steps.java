package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/**
 * An order checker in the style of kotlinx.coroutines' expect(n)/finish(n): every step states its
 * number, and the test fails at the first step out of order.
 */
final class Steps {
    private int next = 1;
    private final List<String> log = new ArrayList<>();

    void expect(int n) {
        assertEquals(next, n, "step out of order; steps so far: " + log);
        log.add(String.valueOf(n));
        next++;
    }

    void finish(int n) {
        expect(n);
    }

    int count() {
        return next - 1;
    }
}
