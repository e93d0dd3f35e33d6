package io.jasyncio.testing;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamReaderProtocol;
import io.jasyncio.streams.StreamWriter;

/**
 * Connected pairs of asyncio streams in memory: what {@code Asyncio.openConnection} and a
 * server's connection handler would get, without a socket (Trio's {@code memory_stream_pair}).
 * Whatever one side's writer writes, the other side's reader reads; EOF, half-close, reset and
 * flow control behave as with TCP (see {@link MemoryTransport}).
 *
 * <p>Call from a task or callback of the loop the streams will belong to; they are loop-confined.
 */
public final class MemoryStreams {
    private MemoryStreams() {}

    /**
     * Two connected stream pairs on the running loop, with the default reader limit (64 KiB).
     *
     * @throws IllegalStateException if no loop is running in the calling thread
     */
    public static Pair pair() {
        return pair(Asyncio.getRunningLoop(), 64 * 1024);
    }

    /**
     * Two connected stream pairs on {@code loop} whose readers buffer at most {@code limit} bytes
     * before they stop reading (asyncio's {@code limit}).
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public static Pair pair(EventLoop loop, int limit) {
        MemoryTransport.requireArg(loop, "loop");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        StreamReader ra = new StreamReader(loop, limit);
        StreamReader rb = new StreamReader(loop, limit);
        StreamReaderProtocol pa = new StreamReaderProtocol(loop, ra);
        StreamReaderProtocol pb = new StreamReaderProtocol(loop, rb);
        MemoryTransport.Pair t = MemoryTransport.pair(loop, pa, pb);
        return new Pair(new StreamPair(ra, new StreamWriter(t.a(), pa, ra, loop)),
                new StreamPair(rb, new StreamWriter(t.b(), pb, rb, loop)));
    }

    /**
     * Two connected ends: what {@code client} writes, {@code server} reads, and back.
     *
     * @param client one end
     * @param server the other end
     */
    public record Pair(StreamPair client, StreamPair server) {}
}
