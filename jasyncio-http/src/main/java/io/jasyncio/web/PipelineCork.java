package io.jasyncio.web;

import io.jasyncio.EventLoop;
import io.jasyncio.http.internal.GatheredWrites;
import io.jasyncio.transports.Transport;
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
 * <p>A response written alone goes out as one array when head and body together are small (up
 * to 16 KiB): the JDK writes each heap array through a temporary direct
 * buffer of its own, so one array of 150 bytes costs less than a gathering write of two. A
 * gathered batch of up to 16 KiB is joined the same way when it is flushed.
 *
 * <p>Loop-confined: the connection's task and protocol callbacks.
 */
final class PipelineCork {
    static final int JOIN_LIMIT = 16 * 1024;

    private final GatheredWrites gathered;
    private Transport transport;

    PipelineCork(EventLoop loop) {
        this.gathered = new GatheredWrites(loop, JOIN_LIMIT);
    }

    void setTransport(Transport transport) {
        this.transport = transport;
        gathered.setTransport(transport);
    }

    /** Writes {@code data}, gathering it if more requests wait or bytes are already gathered (order). */
    void write(byte[] data, boolean morePipelined) {
        if (gathered.isEmpty() && !morePipelined) {
            transport.write(data);
        } else {
            gathered.add(data);
        }
    }

    /** {@link #write} of a head and a body. */
    void writeAll(byte[] head, byte[] body, boolean morePipelined) {
        if (gathered.isEmpty() && !morePipelined) {
            if (head.length + body.length <= JOIN_LIMIT) {
                byte[] one = Arrays.copyOf(head, head.length + body.length);
                System.arraycopy(body, 0, one, head.length, body.length);
                transport.write(one);
            } else {
                transport.writelines(List.of(head, body));
            }
        } else {
            gathered.add(head);
            gathered.add(body);
        }
    }

    /** Hands what is gathered to the transport in one gathering write. */
    void flush() {
        gathered.flush();
    }
}
