package io.jasyncio.files;

import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * A Python {@code open()} mode string, parsed: exactly one of {@code r w a x}, then optionally
 * {@code +} and one of {@code b t}, in any order, each at most once (Python's rules; its error
 * messages too).
 */
record OpenMode(String text, boolean readable, boolean writable, boolean append, boolean binary,
                Set<StandardOpenOption> options) {

    static OpenMode parse(String mode) {
        if (mode == null) {
            throw new NullPointerException("mode");
        }
        char kind = 0;
        boolean plus = false;
        boolean binary = false;
        boolean text = false;
        for (char c : mode.toCharArray()) {
            boolean repeated = switch (c) {
                case 'r', 'w', 'a', 'x' -> {
                    if (kind != 0) {
                        throw new IllegalArgumentException("must have exactly one of create/read/write/append mode: '" + mode + "'");
                    }
                    kind = c;
                    yield false;
                }
                case '+' -> {
                    boolean was = plus;
                    plus = true;
                    yield was;
                }
                case 'b' -> {
                    boolean was = binary;
                    binary = true;
                    yield was;
                }
                case 't' -> {
                    boolean was = text;
                    text = true;
                    yield was;
                }
                default -> throw new IllegalArgumentException("invalid mode: '" + mode + "'");
            };
            if (repeated) {
                throw new IllegalArgumentException("invalid mode: '" + mode + "'");
            }
        }
        if (binary && text) {
            throw new IllegalArgumentException("can't have text and binary mode at once: '" + mode + "'");
        }
        if (kind == 0) {
            throw new IllegalArgumentException("Must have exactly one of create/read/write/append mode and at most one plus: '"
                    + mode + "'");
        }
        EnumSet<StandardOpenOption> opts = EnumSet.noneOf(StandardOpenOption.class);
        switch (kind) {
            case 'r' -> opts.add(StandardOpenOption.READ);
            case 'w' -> opts.addAll(Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING));
            case 'a' -> opts.addAll(Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE));
            default -> opts.addAll(Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));
        }
        if (plus) {
            opts.add(StandardOpenOption.READ);
            opts.add(StandardOpenOption.WRITE);
        }
        // 'a' alone opens with O_APPEND, so that every write lands at the end even with other
        // writers, as Python's does; FileChannel forbids APPEND with READ, so 'a+' appends at the
        // size it finds before each write instead.
        if (kind == 'a' && !plus) {
            opts.add(StandardOpenOption.APPEND);
        }
        return new OpenMode(mode, opts.contains(StandardOpenOption.READ), opts.contains(StandardOpenOption.WRITE),
                kind == 'a', binary, Set.copyOf(opts));
    }

    OpenOption[] openOptions() {
        return options.toArray(OpenOption[]::new);
    }

    boolean readOnly() {
        return readable && !writable;
    }
}
