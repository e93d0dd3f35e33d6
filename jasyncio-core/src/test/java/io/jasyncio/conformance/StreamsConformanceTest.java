package io.jasyncio.conformance;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.streams.LimitOverrunError;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.testkit.VirtualLoop;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code Lib/test/test_asyncio/test_streams.py}: the {@code StreamReader} tests fed by
 * hand, ported test by test. {@code stream._buffer} is private; what is left in it is read here
 * at the end of a test with {@code feedEof()} then {@code read()}. A line or chunk over the limit
 * raises {@link LimitOverrunError} (asyncio's readline raises ValueError; see mapping.md).
 */
class StreamsConformanceTest {
    private static final byte[] DATA = b("line1\nline2\nline3\n");

    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    private static String s(byte[] bytes) {
        return new String(bytes, US_ASCII);
    }

    /** What is left in the reader's buffer (CPython's {@code stream._buffer}); ends the stream. */
    private static String remaining(StreamReader stream) throws IOException {
        stream.feedEof();
        return s(stream.read());
    }

    private static StreamReader reader() {
        return new StreamReader(Asyncio.getRunningLoop());
    }

    @Test // test_streams.py::StreamTests::test_feed_empty_data
    void streamTests_testFeedEmptyData() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedData(b(""));
            assertEquals(0, stream.buffered());
        });
    }

    @Test // test_streams.py::StreamTests::test_feed_nonempty_data
    void streamTests_testFeedNonemptyData() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedData(DATA);
            assertEquals(s(DATA), remaining(stream));
        });
    }

    @Test // test_streams.py::StreamTests::test_read_zero
    void streamTests_testReadZero() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedData(DATA);
            assertEquals("", s(stream.read(0)));
            assertEquals(s(DATA), remaining(stream));
        });
    }

    @Test // test_streams.py::StreamTests::test_read
    void streamTests_testRead() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            Task<byte[]> readTask = Asyncio.createTask(() -> stream.read(30));
            Asyncio.getRunningLoop().callSoon(() -> stream.feedData(DATA));
            assertEquals(s(DATA), s(readTask.await()));
            assertEquals(0, stream.buffered());
        });
    }

    @Test // test_streams.py::StreamTests::test_read_line_breaks
    void streamTests_testReadLineBreaks() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedData(b("line1"));
            stream.feedData(b("line2"));
            assertEquals("line1", s(stream.read(5)));
            assertEquals("line2", remaining(stream));
        });
    }

    @Test // test_streams.py::StreamTests::test_read_eof
    void streamTests_testReadEof() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            Task<byte[]> readTask = Asyncio.createTask(() -> stream.read(1024));
            Asyncio.getRunningLoop().callSoon(stream::feedEof);
            assertEquals("", s(readTask.await()));
            assertEquals(0, stream.buffered());
        });
    }

    @Test // test_streams.py::StreamTests::test_read_until_eof
    void streamTests_testReadUntilEof() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            Task<byte[]> readTask = Asyncio.createTask(() -> stream.read(-1));
            Asyncio.getRunningLoop().callSoon(() -> {
                stream.feedData(b("chunk1\n"));
                stream.feedData(b("chunk2"));
                stream.feedEof();
            });
            assertEquals("chunk1\nchunk2", s(readTask.await()));
            assertEquals(0, stream.buffered());
        });
    }

    @Test // test_streams.py::StreamTests::test_read_exception
    void streamTests_testReadException() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedData(b("line\n"));
            assertEquals("li", s(stream.read(2)));
            stream.setException(new IllegalArgumentException("ValueError"));
            assertThrows(IllegalArgumentException.class, () -> stream.read(2));
        });
    }

    @Test // test_streams.py::StreamTests::test_invalid_limit
    void streamTests_testInvalidLimit() {
        VirtualLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StreamReader(loop, 0));
            assertTrue(e.getMessage().contains("imit"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new StreamReader(loop, -1));
            assertTrue(e.getMessage().contains("imit"), e.getMessage());
        });
    }

    @Test // test_streams.py::StreamTests::test_read_limit
    void streamTests_testReadLimit() {
        VirtualLoop.run(() -> {
            StreamReader stream = new StreamReader(Asyncio.getRunningLoop(), 3);
            stream.feedData(b("chunk"));
            assertEquals("chunk", s(stream.read(5)));
            assertEquals(0, stream.buffered());
        });
    }

    @Test // test_streams.py::StreamTests::test_readline
    void streamTests_testReadline() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedData(b("chunk1 "));
            Task<byte[]> readTask = Asyncio.createTask(stream::readline);
            Asyncio.getRunningLoop().callSoon(() -> {
                stream.feedData(b("chunk2 "));
                stream.feedData(b("chunk3 "));
                stream.feedData(b("\n chunk4"));
            });
            assertEquals("chunk1 chunk2 chunk3 \n", s(readTask.await()));
            assertEquals(" chunk4", remaining(stream));
        });
    }

    @Test // test_streams.py::StreamTests::test_readline_limit_with_existing_data
    void streamTests_testReadlineLimitWithExistingData() {
        VirtualLoop.run(() -> {
            StreamReader stream = new StreamReader(Asyncio.getRunningLoop(), 3);
            stream.feedData(b("li"));
            stream.feedData(b("ne1\nline2\n"));
            assertThrows(LimitOverrunError.class, stream::readline);
            assertEquals("line2\n", remaining(stream), "the rest stays after the error");

            StreamReader stream2 = new StreamReader(Asyncio.getRunningLoop(), 3);
            stream2.feedData(b("li"));
            stream2.feedData(b("ne1"));
            stream2.feedData(b("li"));
            assertThrows(LimitOverrunError.class, stream2::readline);
            // no newline and more than the limit buffered: readline consumed it all
            assertEquals(0, stream2.buffered());
        });
    }

    @Test // test_streams.py::StreamTests::test_at_eof
    void streamTests_testAtEof() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            assertFalse(stream.atEof());
            stream.feedData(b("some data\n"));
            assertFalse(stream.atEof());
            stream.readline();
            assertFalse(stream.atEof());
            stream.feedData(b("some data\n"));
            stream.feedEof();
            stream.readline();
            assertTrue(stream.atEof());
        });
    }

    @Test // test_streams.py::StreamTests::test_readline_limit
    void streamTests_testReadlineLimit() {
        VirtualLoop.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            StreamReader stream = new StreamReader(loop, 7);
            loop.callSoon(() -> {
                stream.feedData(b("chunk1"));
                stream.feedData(b("chunk2"));
                stream.feedData(b("chunk3\n"));
                stream.feedEof();
            });
            assertThrows(LimitOverrunError.class, stream::readline);
            assertEquals(0, stream.buffered(), "the one line is dropped after the error");

            StreamReader stream2 = new StreamReader(loop, 7);
            loop.callSoon(() -> {
                stream2.feedData(b("chunk1"));
                stream2.feedData(b("chunk2\n"));
                stream2.feedData(b("chunk3\n"));
                stream2.feedEof();
            });
            assertThrows(LimitOverrunError.class, stream2::readline);
            assertEquals("chunk3\n", s(stream2.read()));

            // the limit is strict
            StreamReader stream3 = new StreamReader(loop, 7);
            stream3.feedData(b("1234567\n"));
            assertEquals("1234567\n", s(stream3.readline()));
            assertEquals(0, stream3.buffered());
            stream3.feedData(b("12345678\n"));
            assertThrows(LimitOverrunError.class, stream3::readline);
            assertEquals(0, stream3.buffered());
            stream3.feedData(b("12345678"));
            assertThrows(LimitOverrunError.class, stream3::readline);
            assertEquals(0, stream3.buffered());
        });
    }

    @Test // test_streams.py::StreamTests::test_readline_nolimit_nowait
    void streamTests_testReadlineNolimitNowait() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedData(Arrays.copyOfRange(DATA, 0, 6));
            stream.feedData(Arrays.copyOfRange(DATA, 6, DATA.length));
            assertEquals("line1\n", s(stream.readline()));
            assertEquals("line2\nline3\n", remaining(stream));
        });
    }

    @Test // test_streams.py::StreamTests::test_readline_eof
    void streamTests_testReadlineEof() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedData(b("some data"));
            stream.feedEof();
            assertEquals("some data", s(stream.readline()));
        });
    }

    @Test // test_streams.py::StreamTests::test_readline_empty_eof
    void streamTests_testReadlineEmptyEof() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedEof();
            assertEquals("", s(stream.readline()));
        });
    }

    @Test // test_streams.py::StreamTests::test_readline_read_byte_count
    void streamTests_testReadlineReadByteCount() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedData(DATA);
            stream.readline();
            assertEquals("line2\nl", s(stream.read(7)));
            assertEquals("ine3\n", remaining(stream));
        });
    }

    @Test // test_streams.py::StreamTests::test_readline_exception
    void streamTests_testReadlineException() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedData(b("line\n"));
            assertEquals("line\n", s(stream.readline()));
            stream.setException(new IllegalArgumentException("ValueError"));
            assertThrows(IllegalArgumentException.class, stream::readline);
            assertEquals(0, stream.buffered());
        });
    }

    @Test // test_streams.py::StreamTests::test_readuntil_separator
    void streamTests_testReaduntilSeparator() {
        VirtualLoop.run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reader().readuntil(b("")));
            assertTrue(e.getMessage().contains("Separator should be"), e.getMessage());
        });
    }

    @Test // test_streams.py::StreamTests::test_readuntil_multi_chunks
    void streamTests_testReaduntilMultiChunks() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedData(b("lineAAA"));
            assertEquals("lineAAA", s(stream.readuntil(b("AAA"))));
            assertEquals(0, stream.buffered());
            stream.feedData(b("lineAAA"));
            assertEquals("lineAAA", s(stream.readuntil(b("AAA"))));
            assertEquals(0, stream.buffered());
            stream.feedData(b("lineAAAxxx"));
            assertEquals("lineAAA", s(stream.readuntil(b("AAA"))));
            assertEquals("xxx", remaining(stream));
        });
    }

    @Test // test_streams.py::StreamTests::test_readuntil_multi_chunks_1
    void streamTests_testReaduntilMultiChunks1() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            String[][] feeds = {
                {"QWEaa", "XYaa", "a"}, {"QWEaa", "XYa", "aa"}, {"aaa"}, {"Xaaa"}, {"XXX", "a", "a", "a"},
            };
            String[] expected = {"QWEaaXYaaa", "QWEaaXYaaa", "aaa", "Xaaa", "XXXaaa"};
            for (int i = 0; i < feeds.length; i++) {
                for (String chunk : feeds[i]) {
                    stream.feedData(b(chunk));
                }
                assertEquals(expected[i], s(stream.readuntil(b("aaa"))));
                assertEquals(0, stream.buffered());
            }
        });
    }

    /** asyncio's {@code expected=None} ("undefined expected bytes") is -1 here. */
    @Test // test_streams.py::StreamTests::test_readuntil_eof
    void streamTests_testReaduntilEof() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            byte[] data = b("some dataAA");
            stream.feedData(data);
            stream.feedEof();
            IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> stream.readuntil(b("AAA")));
            assertTrue(e.getMessage().contains("undefined expected bytes"), e.getMessage());
            assertArrayEquals(data, e.partial());
            assertEquals(-1, e.expected());
            assertEquals(0, stream.buffered());
        });
    }

    @Test // test_streams.py::StreamTests::test_readuntil_limit_found_sep
    void streamTests_testReaduntilLimitFoundSep() {
        VirtualLoop.run(() -> {
            StreamReader stream = new StreamReader(Asyncio.getRunningLoop(), 3);
            stream.feedData(b("some dataAA"));
            LimitOverrunError e = assertThrows(LimitOverrunError.class, () -> stream.readuntil(b("AAA")));
            assertTrue(e.getMessage().contains("not found"), e.getMessage());
            assertEquals(11, stream.buffered(), "the data stays buffered");
            stream.feedData(b("A"));
            e = assertThrows(LimitOverrunError.class, () -> stream.readuntil(b("AAA")));
            assertTrue(e.getMessage().contains("is found"), e.getMessage());
            assertEquals("some dataAAA", remaining(stream));
        });
    }

    @Test // test_streams.py::StreamTests::test_readexactly_zero_or_less
    void streamTests_testReadexactlyZeroOrLess() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedData(DATA);
            assertEquals("", s(stream.readexactly(0)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stream.readexactly(-1));
            assertTrue(e.getMessage().contains("less than zero"), e.getMessage());
            assertEquals(s(DATA), remaining(stream));
        });
    }

    @Test // test_streams.py::StreamTests::test_readexactly
    void streamTests_testReadexactly() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            int n = 2 * DATA.length;
            Task<byte[]> readTask = Asyncio.createTask(() -> stream.readexactly(n));
            Asyncio.getRunningLoop().callSoon(() -> {
                stream.feedData(DATA);
                stream.feedData(DATA);
                stream.feedData(DATA);
            });
            assertEquals(s(DATA) + s(DATA), s(readTask.await()));
            assertEquals(s(DATA), remaining(stream));
        });
    }

    @Test // test_streams.py::StreamTests::test_readexactly_limit
    void streamTests_testReadexactlyLimit() {
        VirtualLoop.run(() -> {
            StreamReader stream = new StreamReader(Asyncio.getRunningLoop(), 3);
            stream.feedData(b("chunk"));
            assertEquals("chunk", s(stream.readexactly(5)));
            assertEquals(0, stream.buffered());
        });
    }

    @Test // test_streams.py::StreamTests::test_readexactly_eof
    void streamTests_testReadexactlyEof() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            int n = 2 * DATA.length;
            Task<byte[]> readTask = Asyncio.createTask(() -> stream.readexactly(n));
            Asyncio.getRunningLoop().callSoon(() -> {
                stream.feedData(DATA);
                stream.feedEof();
            });
            IncompleteReadError e = assertThrows(IncompleteReadError.class, readTask::await);
            assertArrayEquals(DATA, e.partial());
            assertEquals(n, e.expected());
            assertEquals("18 bytes read on a total of 36 expected bytes", e.getMessage());
            assertEquals(0, stream.buffered());
        });
    }

    @Test // test_streams.py::StreamTests::test_readexactly_exception
    void streamTests_testReadexactlyException() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedData(b("line\n"));
            assertEquals("li", s(stream.readexactly(2)));
            stream.setException(new IllegalArgumentException("ValueError"));
            assertThrows(IllegalArgumentException.class, () -> stream.readexactly(2));
        });
    }

    @Test // test_streams.py::StreamTests::test_exception
    void streamTests_testException() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            assertNull(stream.exception());
            IllegalArgumentException exc = new IllegalArgumentException("ValueError");
            stream.setException(exc);
            assertSame(exc, stream.exception());
        });
    }

    @Test // test_streams.py::StreamTests::test_exception_waiter
    void streamTests_testExceptionWaiter() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            Task<byte[]> t1 = Asyncio.createTask(stream::readline);
            Task<Void> t2 = Asyncio.createTask(() -> stream.setException(new IllegalArgumentException("ValueError")));
            Asyncio.gather(true, t1, t2).await(); // asyncio.wait: both done, errors kept in t1
            assertThrows(IllegalArgumentException.class, t1::result);
        });
    }

    /** {@code stream._waiter} is private; a reader with no waiter shows none in its toString. */
    @Test // test_streams.py::StreamTests::test_exception_cancel
    void streamTests_testExceptionCancel() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            Task<byte[]> t = Asyncio.createTask(stream::readline);
            Asyncio.sleep(0);
            t.cancel();
            Asyncio.sleep(0);
            stream.setException(new IllegalStateException("message")); // must not touch the cancelled waiter
            Asyncio.sleep(0);
            assertFalse(stream.toString().contains("waiter"), stream.toString());
        });
    }

    @Test // test_streams.py::StreamTests::test___repr__
    void streamTests_testRepr() {
        VirtualLoop.run(() -> {
            assertEquals("<StreamReader>", reader().toString());
        });
    }

    @Test // test_streams.py::StreamTests::test___repr__nondefault_limit
    void streamTests_testReprNondefaultLimit() {
        VirtualLoop.run(() -> {
            assertEquals("<StreamReader limit=123>", new StreamReader(Asyncio.getRunningLoop(), 123).toString());
        });
    }

    @Test // test_streams.py::StreamTests::test___repr__eof
    void streamTests_testReprEof() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedEof();
            assertEquals("<StreamReader eof>", stream.toString());
        });
    }

    @Test // test_streams.py::StreamTests::test___repr__data
    void streamTests_testReprData() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.feedData(b("data"));
            assertEquals("<StreamReader 4 bytes>", stream.toString());
        });
    }

    @Test // test_streams.py::StreamTests::test___repr__exception
    void streamTests_testReprException() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            stream.setException(new IllegalStateException());
            assertEquals("<StreamReader exception=IllegalStateException()>", stream.toString());
        });
    }

    /** A real pending read stands in for CPython's hand-set {@code stream._waiter}. */
    @Test // test_streams.py::StreamTests::test___repr__waiter
    void streamTests_testReprWaiter() {
        VirtualLoop.run(() -> {
            StreamReader stream = reader();
            Task<byte[]> read = Asyncio.createTask(() -> stream.read(1));
            Asyncio.sleep(0);
            assertTrue(stream.toString().matches("<StreamReader waiter=<Future pending[\\S ]*>>"), stream.toString());
            stream.feedData(b("x"));
            read.await();
            assertEquals("<StreamReader>", stream.toString());
        });
    }
}
