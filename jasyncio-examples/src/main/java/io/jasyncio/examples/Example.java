package io.jasyncio.examples;

import java.io.PrintStream;

/**
 * One runnable example: a port of an example from the asyncio documentation or tutorials.
 * Examples print to the stream they are given, so that a test can check the output.
 */
public interface Example {
    /** The short name used by {@code ./jasyncio example NAME}. */
    String name();

    /** One line saying what the example shows. */
    String description();

    /** Runs the example, printing to {@code out}. */
    void run(PrintStream out) throws Exception;

    /**
     * Runs the example with the command line's remaining arguments
     * ({@code ./jasyncio example NAME ARGS...}), e.g. {@code --serve PORT} for a server example
     * (see {@link ExampleArgs}). The default ignores them and calls {@link #run(PrintStream)}.
     */
    default void run(PrintStream out, String... args) throws Exception {
        run(out);
    }
}
