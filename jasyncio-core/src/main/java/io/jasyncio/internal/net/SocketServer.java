package io.jasyncio.internal.net;

import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.TimerHandle;
import io.jasyncio.internal.LoopHooks;
import io.jasyncio.internal.tls.Tls;
import io.jasyncio.tls.TlsOptions;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A listening server on the loop's selector: asyncio's {@code Server} with the accept loop of
 * {@code _SelectorSocketTransport}'s event loop. Loop-confined.
 */
public final class SocketServer implements Server {
    /** After an accept error (out of file descriptors, most often), pause accepting this long. */
    private static final double ACCEPT_RETRY_DELAY = 1.0;

    static {
        // The accept retry runs when the process is out of descriptors, and loading a class from
        // an exploded classes directory (tests, IDEs) takes one: its timer class is loaded now.
        // Found with AcceptOutOfDescriptorsTest: the NoClassDefFoundError stopped accepting for good.
        TimerHandle.class.getName();
    }

    private final EventLoop loop;
    private final Supplier<? extends Protocol> factory;
    private final List<ServerSocketChannel> channels;
    private final List<SocketAddress> addresses;
    private final int backlog;
    private final Path unixPath;
    /** The bound socket file's identity (device and inode), so close() removes only our own file. */
    private final Object unixFileKey;
    private TlsOptions tls;
    private Consumer<SocketChannel> handoff;
    private final Set<SocketTransport> active = new LinkedHashSet<>();
    private final List<Future<Void>> closeWaiters = new ArrayList<>();
    private Future<Void> servingForever;
    private boolean serving;
    private boolean closed;

    private SocketServer(EventLoop loop, Supplier<? extends Protocol> factory, List<ServerSocketChannel> channels,
            int backlog, Path unixPath) throws IOException {
        this.loop = loop;
        this.factory = factory;
        this.channels = channels;
        this.backlog = Math.max(1, backlog);
        this.unixPath = unixPath;
        this.unixFileKey = unixPath == null ? null : fileKey(unixPath);
        List<SocketAddress> bound = new ArrayList<>();
        for (ServerSocketChannel ch : channels) {
            bound.add(ch.getLocalAddress());
            LoopHooks.closeWithLoop(loop, ch);
        }
        this.addresses = List.copyOf(bound);
    }

    /** Suspends while the hosts are resolved; binds every address and starts serving if asked. */
    public static SocketServer create(EventLoop loop, Supplier<? extends Protocol> factory, ServerOptions options)
            throws IOException {
        return create(loop, factory, options, null);
    }

    /** {@link #create(EventLoop, Supplier, ServerOptions)} serving TLS when {@code tls} is not null. */
    public static SocketServer create(EventLoop loop, Supplier<? extends Protocol> factory, ServerOptions options,
            TlsOptions tls) throws IOException {
        if (tls != null) {
            Tls.check(tls, true, null);
        }
        List<InetSocketAddress> targets = new ArrayList<>();
        if (options.hosts().isEmpty()) {
            targets.add(new InetSocketAddress(options.port()));
        }
        for (String host : options.hosts()) {
            targets.addAll(Resolver.resolve(loop, host, options.port()));
        }
        List<ServerSocketChannel> channels = new ArrayList<>();
        int port = options.port();
        try {
            for (InetSocketAddress target : targets) {
                // No host: one dual-stack socket (IPv6 and IPv4) where the platform has IPv6.
                ServerSocketChannel ch = options.hosts().isEmpty() ? ServerSocketChannel.open()
                        : ServerSocketChannel.open(target.getAddress() instanceof Inet6Address
                                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                channels.add(ch);
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
                if (options.reusePort()) {
                    ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                // With port 0 and several addresses, every socket gets the first one's port
                // (asyncio would give each a different port).
                InetSocketAddress addr = port == 0 ? target : new InetSocketAddress(target.getAddress(), port);
                try {
                    ch.bind(addr, options.backlog());
                } catch (IOException e) {
                    throw new IOException(
                            "error while attempting to bind on address " + addr + ": " + e.getMessage(), e);
                }
                port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(channels);
            throw e;
        }
        SocketServer server = new SocketServer(loop, factory, channels, options.backlog(), null);
        server.tls = tls;
        if (options.startServing()) {
            server.startServing();
        }
        return server;
    }

    /** Binds a Unix socket at {@code path}, replacing a stale socket file left there. */
    public static SocketServer createUnix(EventLoop loop, Supplier<? extends Protocol> factory, Path path,
            ServerOptions options) throws IOException {
        return createUnix(loop, factory, path, options, null);
    }

    /** {@link #createUnix(EventLoop, Supplier, Path, ServerOptions)} serving TLS when {@code tls} is not null. */
    public static SocketServer createUnix(EventLoop loop, Supplier<? extends Protocol> factory, Path path,
            ServerOptions options, TlsOptions tls) throws IOException {
        if (tls != null) {
            Tls.check(tls, true, null);
        }
        removeStaleSocket(path);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.configureBlocking(false);
            ch.bind(UnixDomainSocketAddress.of(path), options.backlog());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        SocketServer server = new SocketServer(loop, factory, List.of(ch), options.backlog(), path);
        server.tls = tls;
        if (options.startServing()) {
            server.startServing();
        }
        return server;
    }

    /** The file's device-and-inode key, or null if the file is gone. */
    private static Object fileKey(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (java.nio.file.NoSuchFileException gone) {
            return null;
        }
    }

    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 0170000) == 0140000) { // S_ISSOCK, as asyncio checks before unlinking
            Files.delete(path);
        }
    }

    // ----- accepting -----

    @Override
    public void startServing() {
        if (serving || closed) {
            return;
        }
        serving = true;
        for (ServerSocketChannel ch : channels) {
            loop.addReader(ch, () -> acceptReady(ch));
        }
    }

    private void acceptReady(ServerSocketChannel listener) {
        for (int i = 0; i < backlog && serving; i++) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (IOException e) {
                // Out of descriptors (EMFILE), most often: stop accepting for a while, as asyncio
                // does. The retry is armed before the report, which may fail for want of a
                // descriptor itself (a handler that loads a class from a directory needs one).
                loop.removeReader(listener);
                loop.callLater(ACCEPT_RETRY_DELAY, () -> {
                    if (serving) {
                        loop.addReader(listener, () -> acceptReady(listener));
                    }
                });
                Faults.report(loop, "socket.accept() out of system resource", e, this);
                return;
            }
            if (ch == null) {
                return;
            }
            if (handoff != null) {
                handoff.accept(ch);
            } else {
                accepted(ch);
            }
        }
    }

    /** Non-blocking, and TCP_NODELAY on TCP (asyncio's {@code _set_nodelay} on every TCP transport). */
    static void configureAccepted(SocketChannel ch) throws IOException {
        ch.configureBlocking(false);
        if (ch.getRemoteAddress() instanceof InetSocketAddress) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
    }

    /**
     * Hands every channel this server accepts to {@code handoff} (on this loop's thread) instead
     * of serving it here: a group's single acceptor spreading connections over its loops. Set it
     * before serving starts.
     */
    public void handOffAccepted(Consumer<SocketChannel> handoff) {
        this.handoff = handoff;
    }

    /**
     * Serves a channel accepted elsewhere as if this server had accepted it (tracked by it, TLS
     * if it serves TLS). Loop thread only; a closed server closes the channel instead.
     */
    public void adopt(SocketChannel ch) {
        if (closed) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing was read or written on it yet
            }
            return;
        }
        accepted(ch);
    }

    /**
     * A server of a group's loop that listens on nothing and serves the channels it is
     * {@linkplain #adopt adopted} (its acceptor is another loop's server).
     */
    public static SocketServer adopting(EventLoop loop, Supplier<? extends Protocol> factory, TlsOptions tls)
            throws IOException {
        if (tls != null) {
            Tls.check(tls, true, null);
        }
        SocketServer server = new SocketServer(loop, factory, List.of(), 1, null);
        server.tls = tls;
        server.startServing();
        return server;
    }

    private void accepted(SocketChannel ch) {
        Protocol protocol;
        try {
            configureAccepted(ch);
            protocol = factory.get();
            if (tls != null) {
                int port = ch.getRemoteAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
                protocol = Tls.layer(loop, protocol, tls, true, null, port, null);
            }
        } catch (Throwable t) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
            Faults.report(loop, "Error on transport creation for incoming connection", t, this);
            return;
        }
        new SocketTransport(loop, ch, protocol, this).start(null);
    }

    void attach(SocketTransport t) {
        active.add(t);
    }

    void detach(SocketTransport t) {
        if (active.remove(t)) {
            wakeCloseWaiters();
        }
    }

    // ----- closing -----

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        serving = false;
        for (ServerSocketChannel ch : channels) {
            loop.removeReader(ch);
        }
        closeQuietly(channels);
        LoopHooks.releaseClosedChannels(loop); // a connect right after close() is refused, as in asyncio
        if (unixPath != null) {
            try {
                // asyncio compares the inode first: a file someone else bound there since is theirs
                if (unixFileKey != null && unixFileKey.equals(fileKey(unixPath))) {
                    Files.deleteIfExists(unixPath);
                }
            } catch (IOException ignored) {
                // gone already, or not ours to remove: nothing to clean up
            }
        }
        if (servingForever != null && !servingForever.done()) {
            servingForever.cancel();
        }
        wakeCloseWaiters();
    }

    private void wakeCloseWaiters() {
        if (closed && active.isEmpty()) {
            for (Future<Void> f : closeWaiters) {
                if (!f.done()) {
                    f.setResult(null);
                }
            }
            closeWaiters.clear();
        }
    }

    @Override
    public void closeClients() {
        for (SocketTransport t : List.copyOf(active)) {
            t.close();
        }
    }

    @Override
    public void abortClients() {
        for (SocketTransport t : List.copyOf(active)) {
            t.abort();
        }
    }

    @Override
    public void waitClosed() {
        if (closed && active.isEmpty()) {
            return;
        }
        Future<Void> f = loop.createFuture();
        closeWaiters.add(f);
        try {
            f.await();
        } finally {
            closeWaiters.remove(f);
        }
    }

    @Override
    public void serveForever() {
        if (servingForever != null) {
            throw new IllegalStateException("server " + this + " is already being awaited on serveForever()");
        }
        if (closed) {
            throw new IllegalStateException("server " + this + " is closed");
        }
        startServing();
        servingForever = loop.createFuture();
        try {
            servingForever.await();
        } catch (CancelledError e) {
            // asyncio 3.12+: close, then wait for the connections to end, then re-raise.
            close();
            waitClosed();
            throw e;
        } finally {
            servingForever = null;
        }
    }

    // ----- information -----

    @Override
    public EventLoop getLoop() {
        return loop;
    }

    @Override
    public boolean isServing() {
        return serving;
    }

    @Override
    public List<ServerSocketChannel> sockets() {
        return closed ? List.of() : List.copyOf(channels);
    }

    @Override
    public List<SocketAddress> addresses() {
        return closed ? List.of() : addresses;
    }

    @Override
    public int port() {
        if (closed || addresses.isEmpty() || !(addresses.get(0) instanceof InetSocketAddress a)) {
            return -1;
        }
        return a.getPort();
    }

    @Override
    public int activeConnections() {
        return active.size();
    }

    private static void closeQuietly(List<ServerSocketChannel> channels) {
        for (ServerSocketChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a listener cannot lose data
            }
        }
    }

    @Override
    public String toString() {
        return "<Server " + addresses + (serving ? " serving" : "") + (closed ? " closed" : "") + ">";
    }
}
