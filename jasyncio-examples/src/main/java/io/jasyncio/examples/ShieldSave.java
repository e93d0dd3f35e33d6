package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;

import java.io.PrintStream;

/**
 * {@code shield}: a request handler is cancelled (its client went away) while it waits for a
 * save that must not be interrupted; the save finishes anyway.
 * <pre>
 * async def handler(save_task):
 *     try:
 *         await asyncio.shield(save_task)
 *     except asyncio.CancelledError:
 *         print("handler: cancelled; the save goes on")
 *         raise
 * </pre>
 */
public final class ShieldSave implements Example {
    @Override
    public String name() {
        return "shield";
    }

    @Override
    public String description() {
        return "shield keeps a save running when the task awaiting it is cancelled";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(() -> {
            double start = Asyncio.getRunningLoop().time();
            Task<String> save = Asyncio.createTask(() -> {
                Asyncio.sleep(3);
                out.printf("save: written at +%.0f s%n", Asyncio.getRunningLoop().time() - start);
                return "saved";
            });
            Task<String> handler = Asyncio.createTask(() -> {
                try {
                    return Asyncio.shield(save).await();
                } catch (CancelledError e) {
                    out.printf("handler: cancelled at +%.0f s; the save goes on%n", Asyncio.getRunningLoop().time() - start);
                    throw e;
                }
            });
            Asyncio.sleep(1);
            handler.cancel();
            try {
                handler.await();
            } catch (CancelledError e) {
                out.println("main: handler cancelled = " + handler.cancelled());
            }
            out.println("main: save result = " + save.await());
        });
    }
}
