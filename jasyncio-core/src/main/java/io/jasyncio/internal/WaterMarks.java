package io.jasyncio.internal;

/**
 * asyncio's {@code _set_write_buffer_limits} rule, shared by every write side (socket, TLS,
 * subprocess stdin): no high given → 4 × low, or the default when neither is; no low given →
 * high / 4; low above high is refused.
 */
public record WaterMarks(int high, int low) {
    /** Resolves the limits a caller passed (negative: not given). */
    public static WaterMarks resolve(int high, int low, int defaultHigh) {
        int h = high < 0 ? (low < 0 ? defaultHigh : 4 * low) : high;
        int l = low < 0 ? h / 4 : low;
        if (l > h) {
            throw new IllegalArgumentException("high (" + h + ") must be >= low (" + l + ")");
        }
        return new WaterMarks(h, l);
    }
}
