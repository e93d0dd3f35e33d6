package io.jasyncio.files;

import static io.jasyncio.testkit.VirtualLoop.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancellation at any await of a read or a write: the position never moves for a cancelled read,
 * and every write that returned is in the file (aiofiles gives no such promise: a cancelled
 * {@code to_thread} call runs on and its effect on the file object is whatever it was).
 */
class AsyncFileCancelTest {
    @TempDir
    Path dir;

    /** How many loop iterations to let the victim run before cancelling it. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 8, 13, 21, 34})
    void aCancelledLineReaderLosesNoLineAndDuplicatesNone(int yields) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append(i).append('\n');
        }
        Path p = Files.writeString(dir.resolve("lines"), sb);
        List<String> all = run(() -> {
            List<String> got = new ArrayList<>();
            try (AsyncFile f = AsyncFile.open(p, "r", null, 4096)) {
                Task<Void> victim = Asyncio.createTask(() -> {
                    for (String line : f) {
                        got.add(line);
                    }
                });
                CancelAfter.yields(victim, yields); // cancelled at some await of readline, or before it started
                for (String line : f) {
                    got.add(line);
                }
            }
            return got;
        });
        assertEquals(20_000, all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + "\n", all.get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 8, 13, 21, 34})
    void everyAcknowledgedWriteIsInTheFileAndTellMatchesIt(int yields) throws IOException {
        Path p = dir.resolve("out");
        byte[] block = new byte[1000];
        long[] acked = new long[1];
        long[] told = new long[1];
        run(() -> {
            try (AsyncFile f = AsyncFile.open(p, "wb", null, 4096)) {
                Task<Void> victim = Asyncio.createTask(() -> {
                    for (int i = 0; ; i++) {
                        Arrays.fill(block, (byte) ('a' + i % 26));
                        f.write(block);
                        acked[0]++;
                    }
                });
                CancelAfter.yields(victim, yields); // the write in progress may or may not land; those acknowledged must
                told[0] = f.tell();
            }
        });
        byte[] content = Files.readAllBytes(p);
        assertEquals(told[0], content.length, "tell() must match the file");
        assertTrue(content.length == acked[0] * 1000 || content.length == (acked[0] + 1) * 1000,
                content.length + " bytes for " + acked[0] + " acknowledged writes");
        for (int i = 0; i < content.length / 1000; i++) {
            for (int j = 0; j < 1000; j++) {
                assertEquals((byte) ('a' + i % 26), content[i * 1000 + j], "block " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4})
    void aCancelledCloseStillWritesAndClosesTheFile(int yields) throws IOException {
        Path p = dir.resolve("closing");
        run(() -> {
            AsyncFile f = AsyncFile.open(p, "w");
            f.write("everything accepted\n");
            Task<Void> closer = Asyncio.createTask(() -> {
                f.close();
            });
            CancelAfter.yields(closer, yields); // the close goes on in the background
        });
        // Whether the close never started (cancelled before its first step), landed in the
        // background, or was left to the loop's close, the accepted text is in the file.
        assertEquals("everything accepted\n", Files.readString(p, UTF_8));
    }
}
