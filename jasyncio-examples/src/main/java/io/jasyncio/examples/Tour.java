package io.jasyncio.examples;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code ./jasyncio demo}: runs every example in turn, saying what each one shows.
 * {@code --only NAME} runs one ({@code --only list} lists them).
 */
public final class Tour {
    private Tour() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        if (args.length >= 2 && args[0].equals("--only")) {
            if (args[1].equals("list")) {
                for (Example e : Examples.ALL) {
                    out.printf("%-24s %s%n", e.name(), e.description());
                }
                return;
            }
            Example e = Examples.byName(args[1]).orElse(null);
            if (e == null) {
                System.err.println("no example named '" + args[1] + "'; ./jasyncio example list shows them");
                System.exit(2);
            }
            e.run(out, Arrays.copyOfRange(args, 2, args.length));
            return;
        }
        out.println("jasyncio: a tour of " + Examples.ALL.size() + " examples ported from the asyncio documentation");
        int n = 0;
        for (Example e : Examples.ALL) {
            n++;
            out.println();
            out.printf("== %d/%d  %s: %s%n", n, Examples.ALL.size(), e.name(), e.description());
            long start = System.nanoTime();
            e.run(out);
            out.printf("   (%.2f s)%n", (System.nanoTime() - start) / 1e9);
        }
        out.println();
        out.println("Every example has a test of its output: ./jasyncio test");
    }
}
