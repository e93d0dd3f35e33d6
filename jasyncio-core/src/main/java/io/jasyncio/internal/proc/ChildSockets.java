package io.jasyncio.internal.proc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes connected Unix stream socket pairs whose one end is a Java {@link SocketChannel} (which
 * the loop's selector can watch) and whose other end is a bare file descriptor for a child's
 * stdio. The JDK has no {@code socketpair} and no public way to wrap a native descriptor in a
 * selectable channel, so: a {@link ServerSocketChannel} listens on a fresh path in a private
 * directory (mode 0700, so no other user can connect), a native {@code socket}+{@code connect}
 * makes the child's end (close-on-exec), and {@code accept} gives ours; connecting to a listening
 * Unix socket completes at once (the connection waits in the backlog), so one thread does both.
 * The directory and the path are deleted when the pairs are made.
 *
 * <p>Confined to the spawning thread.
 */
final class ChildSockets implements AutoCloseable {
    private final Libc libc;
    private final Arena arena;
    private final Path dir;
    private final Path path;
    private final ServerSocketChannel server;
    private final MemorySegment address;

    private ChildSockets(Libc libc, Arena arena, Path dir, Path path, ServerSocketChannel server) {
        this.libc = libc;
        this.arena = arena;
        this.dir = dir;
        this.path = path;
        this.server = server;
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        address = arena.allocate(2 + Libc.SUN_PATH_BYTES, 2);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_UNIX);
        MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, 2, name.length);
    }

    /** Listens on a new private path; {@link #close()} removes it. */
    static ChildSockets open(Libc libc, Arena arena) throws IOException {
        Path dir = Files.createTempDirectory(tempRoot(), "jasyncio-stdio");
        Path path = dir.resolve("s");
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path), 3);
            return new ChildSockets(libc, arena, dir, path, server);
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                ReadPipe.closeQuietly(server);
            }
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
            throw e;
        }
    }

    /** java.io.tmpdir unless its socket path would pass sun_path's 108 bytes. */
    private static Path tempRoot() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        return tmp.toString().length() > 60 ? Path.of("/tmp") : tmp;
    }

    /** A connected pair: ours (blocking mode off, not yet registered) and the child's descriptor. */
    record Pair(SocketChannel parent, int childFd) {}

    Pair connect() throws IOException {
        MemorySegment state = libc.callState(arena);
        int fd;
        try {
            fd = (int) libc.socket.invokeExact(state, Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("socket(AF_UNIX) failed: " + libc.describe(libc.errno(state)));
            }
            fd = aboveStdio(fd, state);
            int rc = (int) libc.connect.invokeExact(state, fd, address, (int) address.byteSize());
            if (rc != 0) {
                int err = libc.errno(state);
                closeFd(libc, fd);
                throw new IOException("connect(" + path + ") failed: " + libc.describe(err));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        SocketChannel parent;
        try {
            parent = server.accept();
            parent.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            closeFd(libc, fd);
            throw e;
        }
        return new Pair(parent, fd);
    }

    /**
     * Moves a descriptor below 3 (possible when this JVM was started with a stdio stream closed)
     * above them, so that the child's {@code dup2} onto 0..2 cannot overwrite another pipe's end.
     */
    private int aboveStdio(int fd, MemorySegment state) throws Throwable {
        if (fd > 2) {
            return fd;
        }
        int moved = (int) libc.fcntl.invokeExact(state, fd, Libc.F_DUPFD_CLOEXEC, 3);
        int err = libc.errno(state);
        closeFd(libc, fd);
        if (moved < 0) {
            throw new IOException("fcntl(F_DUPFD_CLOEXEC) failed: " + libc.describe(err));
        }
        return moved;
    }

    static void closeFd(Libc libc, int fd) {
        try {
            int ignored = (int) libc.close.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close(" + fd + ") failed", t);
        }
    }

    @Override
    public void close() {
        ReadPipe.closeQuietly(server);
        try {
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp directory left behind is harmless; the child's start must not fail for it
        }
    }
}
