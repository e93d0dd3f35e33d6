package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BarrierGroupTest {
    @Test
    void hikersGoOnTogether() throws Exception {
        assertEquals("""
                t=1 Ada reaches meeting point 1 (1 waiting)
                t=2 Cy reaches meeting point 1 (2 waiting)
                t=3 Bo reaches meeting point 1 (3 waiting)
                t=3 Bo goes on (arrived last)
                t=3 Ada goes on (arrived #1)
                t=3 Cy goes on (arrived #2)
                t=4 Bo reaches meeting point 2 (1 waiting)
                t=5 Ada reaches meeting point 2 (2 waiting)
                t=6 Cy reaches meeting point 2 (3 waiting)
                t=6 Cy goes on (arrived last)
                t=6 Bo goes on (arrived #1)
                t=6 Ada goes on (arrived #2)
                """, ExampleOutput.of(new BarrierGroup()));
    }
}
