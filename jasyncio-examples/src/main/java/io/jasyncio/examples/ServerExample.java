package io.jasyncio.examples;

import java.io.PrintStream;

/**
 * An example that is a server: it implements {@link #run(PrintStream, String...)} (which takes
 * {@code --serve PORT}); running it without arguments gives its self-contained demonstration.
 */
interface ServerExample extends Example {
    @Override
    default void run(PrintStream out) throws Exception {
        run(out, new String[0]);
    }

    @Override
    void run(PrintStream out, String... args) throws Exception;
}
