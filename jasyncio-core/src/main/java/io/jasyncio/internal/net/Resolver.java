package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Name resolution for connections and servers. A lookup blocks, so it runs on the loop's default
 * executor (asyncio's {@code getaddrinfo} in {@code run_in_executor}); an IP literal needs no
 * lookup and is parsed on the loop.
 */
final class Resolver {
    private Resolver() {}

    /** Suspends while the name is looked up; every address, in the resolver's order. */
    static List<InetSocketAddress> resolve(EventLoop loop, String host, int port) throws UnknownHostException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        InetAddress[] all;
        if (host == null || isLiteral(host)) {
            all = host == null ? new InetAddress[] {InetAddress.getLoopbackAddress()} : InetAddress.getAllByName(host);
        } else {
            try {
                all = loop.runInExecutor(null, () -> InetAddress.getAllByName(host)).await();
            } catch (Exception e) {
                if (e instanceof UnknownHostException u) {
                    throw u;
                }
                UnknownHostException u = new UnknownHostException(host + ": " + e);
                u.initCause(e);
                throw u;
            }
        }
        List<InetSocketAddress> out = new ArrayList<>(all.length);
        for (InetAddress a : all) {
            out.add(new InetSocketAddress(a, port));
        }
        return out;
    }

    /** An IPv4 dotted quad or an IPv6 literal (which always contains a colon). */
    static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        if (host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}
