package io.jasyncio.testing;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.streams.ClientConnected;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamReaderProtocol;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.transports.Protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A server without a socket for testing a {@link Protocol} or a stream handler: each
 * {@link #connect()} makes a server-side protocol from the factory (as {@code loop.createServer}
 * would for an accepted connection), joins it to a client through {@link MemoryTransport}s, and
 * returns the client's streams. The code under test cannot tell it from TCP.
 *
 * <pre>{@code
 * FakeServer server = FakeServer.of(EchoProtocol::new);
 * StreamPair c = server.connect();
 * c.writer().write("hi\n".getBytes());
 * assertEquals("hi\n", new String(c.reader().readline()));
 * server.close();
 * }</pre>
 *
 * <p>Loop-confined: make and use it from a task or callback of one loop.
 */
public final class FakeServer implements AutoCloseable {
    private final EventLoop loop;
    private final Supplier<? extends Protocol> factory;
    private final List<MemoryTransport> connections = new ArrayList<>();
    private final List<Protocol> protocols = new ArrayList<>();
    private boolean closed;

    private FakeServer(EventLoop loop, Supplier<? extends Protocol> factory) {
        this.loop = loop;
        this.factory = factory;
    }

    /**
     * A fake server on the running loop whose connections are served by protocols from {@code factory}.
     *
     * @throws IllegalStateException if no loop is running in the calling thread
     */
    public static FakeServer of(Supplier<? extends Protocol> factory) {
        MemoryTransport.requireArg(factory, "factory");
        return new FakeServer(Asyncio.getRunningLoop(), factory);
    }

    /**
     * A fake server on the running loop that runs {@code handler} as a task for each connection,
     * as {@code Asyncio.startServer} does (the connection is closed when the handler ends).
     *
     * @throws IllegalStateException if no loop is running in the calling thread
     */
    public static FakeServer ofStreams(ClientConnected handler) {
        MemoryTransport.requireArg(handler, "handler");
        EventLoop loop = Asyncio.getRunningLoop();
        return new FakeServer(loop, () -> new StreamReaderProtocol(loop, new StreamReader(loop), handler));
    }

    /**
     * Opens a connection: the server side's protocol gets {@code connectionMade} before this returns.
     *
     * @return the client's reader and writer
     * @throws IllegalStateException if the server was closed
     */
    public StreamPair connect() {
        if (closed) {
            throw new IllegalStateException("connect() on a closed FakeServer");
        }
        Protocol serverSide = factory.get();
        if (serverSide == null) {
            throw new IllegalStateException("the protocol factory returned null");
        }
        StreamReader reader = new StreamReader(loop);
        StreamReaderProtocol client = new StreamReaderProtocol(loop, reader);
        MemoryTransport.Pair t = MemoryTransport.pair(loop, client, serverSide);
        connections.add(t.b());
        protocols.add(serverSide);
        return new StreamPair(reader, new StreamWriter(t.a(), client, reader, loop));
    }

    /** The server-side protocols made so far, in connection order. */
    public List<Protocol> protocols() {
        return List.copyOf(protocols);
    }

    /** How many connections were opened. */
    public int connectionCount() {
        return protocols.size();
    }

    /** Closes every server-side transport (as closing a server's connections) and refuses new ones. */
    @Override
    public void close() {
        closed = true;
        for (MemoryTransport t : connections) {
            t.close();
        }
        connections.clear();
    }
}
