package io.jasyncio;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * The loop's readiness watches: which channel has a reader and a writer callback. Ready callbacks
 * are queued with the loop's other ready work, as asyncio's selector loop does. The selector hands
 * ready keys to {@link #accept} directly ({@code Selector.select(Consumer)}).
 */
final class LoopIo implements Consumer<SelectionKey> {
    private static final int READ_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITE_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

    private final EventLoop loop;
    private final Selector selector;
    private int watched;

    LoopIo(EventLoop loop, Selector selector) {
        this.loop = loop;
        this.selector = selector;
    }

    /** One registered channel's callbacks. */
    private static final class Watch {
        Handle reader;
        Handle writer;
        /** The loop made this channel for a transport or a server: close() closes it. */
        boolean owned;
    }

    /** Whether some channel has a reader or a writer (registered keys with no interest do not count). */
    boolean hasChannels() {
        return watched > 0;
    }

    Handle watch(SelectableChannel channel, int ops, Handle callback) {
        int wanted = ops & channel.validOps();
        if (wanted == 0) {
            throw new IllegalArgumentException(channel + " does not support " + (ops == READ_OPS ? "reading" : "writing"));
        }
        try {
            if (channel.isBlocking()) {
                channel.configureBlocking(false);
            }
            SelectionKey key = channel.keyFor(selector);
            Watch w;
            if (key == null || !key.isValid()) {
                if (key != null) {
                    selector.selectNow(this); // flush the cancelled key before registering again
                }
                w = new Watch();
                key = channel.register(selector, 0, w);
            } else {
                w = (Watch) key.attachment();
            }
            if (w.reader == null && w.writer == null) {
                watched++;
            }
            Handle old;
            if (ops == READ_OPS) {
                old = w.reader;
                w.reader = callback;
            } else {
                old = w.writer;
                w.writer = callback;
            }
            if (old != null) {
                old.cancel();
            }
            key.interestOps(key.interestOps() | wanted);
            return callback;
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("channel is closed: " + channel, e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    boolean unwatch(SelectableChannel channel, int ops) {
        SelectionKey key = channel.keyFor(selector);
        if (key == null || !key.isValid()) {
            return false;
        }
        Watch w = (Watch) key.attachment();
        Handle old;
        if (ops == READ_OPS) {
            old = w.reader;
            w.reader = null;
        } else {
            old = w.writer;
            w.writer = null;
        }
        if (old == null) {
            return false;
        }
        old.cancel();
        // The key stays registered with no interest: a transport that pauses and resumes reading,
        // or waits for writability after a partial write, re-arms it without re-registering
        // (which would cost a selectNow to flush the cancelled key). Closing the channel cancels it.
        key.interestOps(key.interestOps() & ~ops);
        if (w.reader == null && w.writer == null) {
            watched--;
        }
        return true;
    }

    /** One ready key, from {@code Selector.select(Consumer)}: queue its callbacks. */
    @Override
    public void accept(SelectionKey key) {
        Watch w = (Watch) key.attachment();
        int ready;
        try {
            ready = key.readyOps();
        } catch (CancelledKeyException e) {
            return;
        }
        if ((ready & READ_OPS) != 0 && w.reader != null && !w.reader.cancelled()) {
            loop.addReady(w.reader);
        }
        if ((ready & WRITE_OPS) != 0 && w.writer != null && !w.writer.cancelled()) {
            loop.addReady(w.writer);
        }
    }

    /**
     * Marks a channel of one of the loop's transports or servers, so that closing the loop closes
     * it: nothing else would (a Java channel is not closed by the garbage collector, as an
     * unclosed asyncio socket is). Registers it with no interest if it is not registered yet; the
     * mark goes away with the key when the channel is closed.
     */
    void own(SelectableChannel channel) {
        try {
            if (channel.isBlocking()) {
                channel.configureBlocking(false);
            }
            SelectionKey key = channel.keyFor(selector);
            if (key == null || !key.isValid()) {
                if (key != null) {
                    selector.selectNow(this);
                }
                key = channel.register(selector, 0, new Watch());
            }
            ((Watch) key.attachment()).owned = true;
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("channel is closed: " + channel, e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A channel closed while registered keeps its socket until the selector's next selection
     * operation; a listening socket would still complete connections meanwhile. asyncio's
     * {@code Server.close()} closes it at once, so poll now (ready keys are queued as usual).
     */
    void releaseClosedChannels() {
        if (!selector.isOpen()) {
            return;
        }
        try {
            selector.selectNow(this);
        } catch (IOException ignored) {
            // the next poll releases them
        }
    }

    /** At close: forget every watch; close the channels of the loop's own transports and servers. */
    void closeAll() {
        for (SelectionKey key : selector.keys()) {
            key.cancel();
            if (((Watch) key.attachment()).owned) {
                try {
                    key.channel().close();
                } catch (IOException ignored) {
                    // closing anyway: nothing more to release
                }
            }
        }
        watched = 0;
    }
}
