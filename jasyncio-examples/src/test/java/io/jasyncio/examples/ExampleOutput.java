package io.jasyncio.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs an example with a virtual clock (its sleeps take no real time) and returns what it printed.
 */
final class ExampleOutput {
    private ExampleOutput() {}

    static String of(Example example) throws Exception {
        return of(example, true);
    }

    static String of(Example example, boolean virtualClock, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String previous = System.getProperty("jasyncio.clock");
        if (virtualClock) {
            System.setProperty("jasyncio.clock", "virtual");
        }
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.run(out, args);
        } finally {
            if (previous == null) {
                System.clearProperty("jasyncio.clock");
            } else {
                System.setProperty("jasyncio.clock", previous);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
