package io.jasyncio.internal;

/**
 * Argument checks made at the call of a public method, so that bad input fails there with a
 * message naming the argument and what was wrong, never later from inside (DESIGN §6).
 */
public final class Args {
    private Args() {}

    /** {@code value}, or a {@link NullPointerException} "NAME must not be null". */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }

    /** {@code value}, or an {@link IllegalArgumentException} "NAME must be >= 0: VALUE". */
    public static int notNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
        return value;
    }

    /** {@code value}, or an {@link IllegalArgumentException} "NAME must be > 0: VALUE". */
    public static int positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
        return value;
    }

    /** {@code value}, or an {@link IllegalArgumentException} "NAME is NaN". */
    public static double notNaN(double value, String name) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(name + " is NaN");
        }
        return value;
    }
}
