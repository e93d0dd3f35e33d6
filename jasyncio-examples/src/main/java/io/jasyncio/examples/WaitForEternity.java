package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.TimeoutError;

import java.io.PrintStream;

/**
 * The asyncio documentation's {@code wait_for} example:
 * <pre>
 * async def eternity():
 *     await asyncio.sleep(3600)      # sleep for one hour
 *     print('yay!')
 *
 * async def main():
 *     try:
 *         await asyncio.wait_for(eternity(), timeout=1.0)
 *     except TimeoutError:
 *         print('timeout!')
 * </pre>
 * Here {@code eternity} also says when it is cancelled, to show that {@code waitFor} waits for it.
 */
public final class WaitForEternity implements Example {
    @Override
    public String name() {
        return "wait-for";
    }

    @Override
    public String description() {
        return "waitFor cancels a coroutine that takes too long and raises TimeoutError";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            double start = Asyncio.getRunningLoop().time();
            try {
                Asyncio.waitFor(() -> eternity(out), 1.0);
            } catch (TimeoutError e) {
                out.printf("timeout! (after %.1f s)%n", Asyncio.getRunningLoop().time() - start);
            }
        });
    }

    private static void eternity(PrintStream out) {
        try {
            Asyncio.sleep(3600); // sleep for one hour
            out.println("yay!");
        } finally {
            out.println("eternity: cancelled, cleaning up");
        }
    }
}
