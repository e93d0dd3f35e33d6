package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;

import java.io.PrintStream;

/**
 * The asyncio docs' Future example: one task sets a future's result after a delay while main
 * awaits it.
 * <pre>
 * async def set_after(fut, delay, value):
 *     await asyncio.sleep(delay)
 *     fut.set_result(value)
 * async def main():
 *     fut = loop.create_future()
 *     loop.create_task(set_after(fut, 1, '... world'))
 *     print('hello ...')
 *     print(await fut)
 * </pre>
 */
public final class FutureSetByTask implements Example {
    @Override
    public String name() {
        return "future";
    }

    @Override
    public String description() {
        return "a Future whose result another task sets one second later";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<String> fut = loop.createFuture();
            loop.createTask(() -> {
                Asyncio.sleep(1);
                fut.setResult("... world");
            });
            out.println("hello ...");
            out.println(fut.await());
        });
    }
}
