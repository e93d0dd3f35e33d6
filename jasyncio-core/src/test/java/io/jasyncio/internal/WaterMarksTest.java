package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** asyncio's _set_write_buffer_limits rule, shared by the socket, TLS and stdin write sides. */
class WaterMarksTest {
    @Test
    void missingLimitsFollowAsyncio() {
        assertEquals(new WaterMarks(65536, 16384), WaterMarks.resolve(-1, -1, 65536));
        assertEquals(new WaterMarks(4000, 1000), WaterMarks.resolve(-1, 1000, 65536));
        assertEquals(new WaterMarks(100, 25), WaterMarks.resolve(100, -1, 65536));
        assertEquals(new WaterMarks(100, 100), WaterMarks.resolve(100, 100, 65536));
    }

    @Test
    void lowAboveHighIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> WaterMarks.resolve(10, 20, 65536));
        assertEquals("high (10) must be >= low (20)", e.getMessage());
    }
}
