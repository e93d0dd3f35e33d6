package io.jasyncio;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Run in a child JVM by {@link HazardsTest}: the JVM's first blocking socket read happens inside a
 * task; then the loop closes; then a plain virtual thread does blocking socket I/O. Prints "OK"
 * when that last read completes (it hangs if the JDK's pollers inherited the closed loop).
 */
public final class PollerHazardMain {
    public static void main(String[] args) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 50, lo)) {
            Asyncio.run(() -> {
                roundTrip(server);
            });
            int[] got = new int[1];
            Thread vt = Thread.ofVirtual().start(() -> {
                try {
                    got[0] = roundTrip(server);
                } catch (Exception e) {
                    got[0] = -1;
                }
            });
            vt.join();
            // Steps that reached the closed loop afterwards: JDK poller threads scheduled by it.
            long orphans = io.jasyncio.internal.Orphans.count();
            System.out.println(got[0] == 42 && orphans == 0 ? "OK" : "FAILED read=" + got[0] + " orphans=" + orphans);
        }
    }

    /** A blocking read that must park (the writer answers only after the reader is waiting). */
    private static int roundTrip(ServerSocket server) throws Exception {
        try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            Thread reader = Thread.currentThread();
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    // Answer only once the reader is parked in read(), so the read goes to the poller.
                    for (int i = 0; i < 5_000 && reader.getState() != Thread.State.WAITING; i++) {
                        Thread.onSpinWait();
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    }
                    OutputStream out = accepted.getOutputStream();
                    out.write(42);
                    out.flush();
                } catch (Exception ignored) {
                    // the reader reports the failure
                }
            });
            InputStream in = client.getInputStream();
            int b = in.read();
            writer.join();
            return b;
        }
    }
}
