package io.jasyncio.examples;

import io.jasyncio.Asyncio;

import java.io.PrintStream;

/**
 * The first example of the asyncio documentation:
 * <pre>
 * async def main():
 *     print('Hello ...')
 *     await asyncio.sleep(1)
 *     print('... World!')
 * asyncio.run(main())
 * </pre>
 */
public final class HelloWorld implements Example {
    @Override
    public String name() {
        return "hello-world";
    }

    @Override
    public String description() {
        return "a coroutine that prints, sleeps one second, prints again";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            out.println("Hello ...");
            Asyncio.sleep(1);
            out.println("... World!");
        });
    }
}
