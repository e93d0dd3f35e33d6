package io.jasyncio.web;

import io.jasyncio.EventLoop;
import io.jasyncio.transports.Transport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gathers a connection's responses while more pipelined requests are already parsed and waiting,
 * so that a batch of pipelined requests is answered with one gathering write instead of one
 * system call per response (what Netty does by flushing once per read, in
 * {@code channelReadComplete}). A response written when nothing else waits goes straight to the
 * transport, as before. What is gathered is flushed at the end of the batch, when it reaches
 * 64 KiB, before a 100-continue, a sendfile or a close, and at the latest on the loop's next
 * iteration (a handler that suspends does not hold earlier responses back).
 *
 * <p>Small writes go out as one array: a head and its body, or a gathered batch of up to
 * {@value #JOIN_LIMIT} bytes, are copied into one before the write. The JDK writes a heap array
 * through a temporary direct buffer per array, so one array of a batch's 2 KiB costs less than a
 * gathering write of its 32 heads and bodies (what uvloop's raw peer does with one
 * {@code transport.write} per batch); larger ones keep the gathering write and copy nothing.
 *
 * <p>Loop-confined: the connection's task and protocol callbacks.
 */
final class PipelineCork {
    private static final int LIMIT = 64 * 1024;
    private static final int JOIN_LIMIT = 16 * 1024;

    private final EventLoop loop;
    private final Runnable flushLater = this::flushFromLoop;
    private Transport transport;
    private ArrayList<byte[]> parts = new ArrayList<>();
    private int bytes;
    private boolean flushQueued;

    PipelineCork(EventLoop loop) {
        this.loop = loop;
    }

    void setTransport(Transport transport) {
        this.transport = transport;
    }

    /** Writes {@code data}, gathering it if more requests wait or bytes are already gathered (order). */
    void write(byte[] data, boolean morePipelined) {
        if (parts.isEmpty() && !morePipelined) {
            transport.write(data);
        } else {
            add(data);
        }
    }

    /** {@link #write} of a head and a body. */
    void writeAll(byte[] head, byte[] body, boolean morePipelined) {
        if (parts.isEmpty() && !morePipelined) {
            if (head.length + body.length <= JOIN_LIMIT) {
                byte[] one = Arrays.copyOf(head, head.length + body.length);
                System.arraycopy(body, 0, one, head.length, body.length);
                transport.write(one);
            } else {
                transport.writelines(List.of(head, body));
            }
        } else {
            add(head);
            add(body);
        }
    }

    private void add(byte[] data) {
        parts.add(data);
        bytes += data.length;
        if (!flushQueued) {
            flushQueued = true;
            loop.callSoon(flushLater);
        }
        if (bytes >= LIMIT) {
            flush();
        }
    }

    /** Hands what is gathered to the transport in one gathering write. */
    void flush() {
        if (parts.isEmpty()) {
            return;
        }
        List<byte[]> out = parts;
        int total = bytes;
        parts = new ArrayList<>();
        bytes = 0;
        if (transport.isClosing()) {
            return;
        }
        if (out.size() == 1 || total > JOIN_LIMIT) {
            transport.writelines(out);
            return;
        }
        byte[] one = new byte[total];
        int at = 0;
        for (byte[] part : out) {
            System.arraycopy(part, 0, one, at, part.length);
            at += part.length;
        }
        transport.write(one);
    }

    private void flushFromLoop() {
        flushQueued = false;
        flush();
    }
}
