package io.jasyncio.examples;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The few options examples take after their name, e.g. {@code ./jasyncio example web-hello
 * --serve 8080}: a server example given {@code --serve PORT} keeps serving on 127.0.0.1 until
 * SIGTERM or Ctrl-C instead of running its short self-contained demonstration.
 */
public final class ExampleArgs {
    private ExampleArgs() {}

    /** The integer after {@code name} (e.g. {@code "--serve"}), if the option is present. */
    public static OptionalInt intOption(String[] args, String name) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                try {
                    return OptionalInt.of(Integer.parseInt(args[i + 1]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " needs an integer, got '" + args[i + 1] + "'");
                }
            }
        }
        return OptionalInt.empty();
    }

    /** The port of {@code --serve PORT}, if given (0..65535). */
    public static OptionalInt servePort(String[] args) {
        OptionalInt port = intOption(args, "--serve");
        if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65535)) {
            throw new IllegalArgumentException("--serve needs a port in 0..65535, got " + port.getAsInt());
        }
        return port;
    }

    /** The string after {@code name}, if the option is present. */
    public static Optional<String> option(String[] args, String name) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }
}
