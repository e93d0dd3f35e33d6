package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.core.util.BufferRecycler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default codec's buffer pool: a recycler goes back to its slot and out again, never to two
 * users at once, and its buffers come back to it; what the codec writes and reads is what a plain
 * Jackson 3 mapper does, from several threads at once.
 */
class JacksonBuffersTest {
    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    @Test
    void aReleasedRecyclerIsTheNextOneAcquiredAndANestedUserGetsAnother() {
        JacksonBuffers pool = new JacksonBuffers();
        BufferRecycler first = pool.acquireAndLinkPooled();
        BufferRecycler nested = pool.acquireAndLinkPooled();
        assertNotSame(first, nested, "two users at once never share a recycler");
        nested.releaseToPool();
        first.releaseToPool();
        assertEquals(2, pool.pooledCount());
        BufferRecycler again = pool.acquireAndLinkPooled();
        assertTrue(again == first || again == nested, "a pooled recycler is reused");
        again.releaseToPool();
        pool.clear();
        assertEquals(0, pool.pooledCount());
        assertNotSame(first, pool.acquirePooled(), "an empty pool makes a new one");
    }

    @Test
    void aRecyclerHandsBackItsBuffersAndKeepsTheLarger() {
        BufferRecycler r = new JacksonBuffers.Exclusive();
        byte[] b = r.allocByteBuffer(BufferRecycler.BYTE_WRITE_ENCODING_BUFFER);
        assertTrue(b.length >= 8000, "at least Jackson's size: " + b.length);
        r.releaseByteBuffer(BufferRecycler.BYTE_WRITE_ENCODING_BUFFER, b);
        assertSame(b, r.allocByteBuffer(BufferRecycler.BYTE_WRITE_ENCODING_BUFFER));
        assertNotSame(b, r.allocByteBuffer(BufferRecycler.BYTE_WRITE_ENCODING_BUFFER), "taken: a new one");
        r.releaseByteBuffer(BufferRecycler.BYTE_WRITE_ENCODING_BUFFER, b);
        r.releaseByteBuffer(BufferRecycler.BYTE_WRITE_ENCODING_BUFFER, new byte[10]);
        assertSame(b, r.allocByteBuffer(BufferRecycler.BYTE_WRITE_ENCODING_BUFFER, 100), "the smaller one was not kept");
        r.releaseByteBuffer(BufferRecycler.BYTE_WRITE_ENCODING_BUFFER, b);
        assertTrue(r.allocByteBuffer(BufferRecycler.BYTE_WRITE_ENCODING_BUFFER, b.length + 1).length > b.length,
                "a larger minimum than the pooled buffer gets a new one");
        char[] c = r.allocCharBuffer(BufferRecycler.CHAR_TEXT_BUFFER);
        r.releaseCharBuffer(BufferRecycler.CHAR_TEXT_BUFFER, c);
        assertSame(c, r.allocCharBuffer(BufferRecycler.CHAR_TEXT_BUFFER));
    }

    @Test
    void theCodecWritesAndReadsAsPlainJacksonFromSeveralThreads() throws Exception {
        List<Object> values = new ArrayList<>();
        values.add(Map.of("message", "Hello, World!"));
        values.add(Map.of("text", "caf\u00e9 \u2603 \ud83d\ude00 \"q\" \\ \n\t\u0001"));
        Map<String, Object> big = new LinkedHashMap<>();
        for (int i = 0; i < 2000; i++) {
            big.put("k" + i, List.of(i, "v" + i, true)); // past the 8000-byte buffers
        }
        values.add(big);
        values.add(List.of(1, 2.5, "x", Map.of()));
        Callable<Integer> work = () -> {
            for (int round = 0; round < 100; round++) {
                for (Object v : values) {
                    byte[] ours = JsonCodec.jackson().dumps(v);
                    assertArrayEquals(PLAIN.writeValueAsBytes(v), ours);
                    assertEquals(PLAIN.readValue(ours, Object.class), JsonCodec.jackson().loads(ours, Object.class));
                }
            }
            return 1;
        };
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(work));
            }
            for (Future<Integer> f : done) {
                assertEquals(1, f.get());
            }
        } finally {
            threads.shutdown();
        }
    }
}
