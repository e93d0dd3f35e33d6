package io.jasyncio;

import io.jasyncio.locks.Event;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.transports.Server;

import java.nio.ByteBuffer;

/**
 * The child JVM of AcceptOutOfDescriptorsTest, started under a low {@code ulimit -n}: a streams
 * echo server (on {@code readinto}) that prints "port N" once it serves, prints each report of its
 * loop's exception handler as "handler: MESSAGE | EXCEPTION", and exits 0 on SIGTERM.
 */
public final class AcceptOutOfDescriptorsChildMain {
    private AcceptOutOfDescriptorsChildMain() {}

    public static void main(String[] args) {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            loop.setExceptionHandler((l, ctx) -> System.out.println("handler: " + ctx.get("message") + " | "
                    + ctx.get("exception")));
            Event stop = new Event();
            loop.addSignalHandler("SIGTERM", stop::set);
            try (Server server = Asyncio.startServer((r, w) -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(4096);
                while (r.readinto(buf.clear()) >= 0) {
                    w.write(buf.flip());
                    w.drain();
                }
                w.close();
            }, "127.0.0.1", 0)) {
                // One round trip first, so every class of the path is loaded while descriptors remain.
                StreamPair self = Asyncio.openConnection("127.0.0.1", server.port());
                self.writer().write(new byte[] {'x'});
                self.reader().readexactly(1);
                self.writer().close();
                self.writer().waitClosed();
                System.out.println("port " + server.port());
                stop.await();
            }
            System.out.println("bye");
        });
    }
}
