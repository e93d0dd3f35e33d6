package io.jasyncio.internal.net;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Whether {@link FileChannel#transferTo} from a file is the kernel's copy: asyncio's
 * {@code _sock_sendfile_native} test that the file is a regular one {@code os.sendfile} can read.
 */
final class ZeroCopy {
    private ZeroCopy() {}

    /**
     * True for the JDK's own file channel ({@code FileChannel.open}, {@code RandomAccessFile} and
     * streams of the default file system) on a file that reports a size: its {@code transferTo} to
     * a socket is {@code sendfile(2)}. Not for another provider's channel (a zip file system, an
     * in-memory one, a user's wrapper: it may copy through the JVM or block, and cannot tell us
     * which), nor for a file of size 0 (a FIFO, a device, a {@code /proc} file — or an empty file):
     * the JDK reads those with a plain read-and-write loop, which on a FIFO would block the loop.
     */
    static boolean possible(FileChannel file) throws IOException {
        return file.getClass().getModule() == FileChannel.class.getModule() && file.size() > 0;
    }
}
