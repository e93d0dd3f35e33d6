package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.files.AsyncFile;
import io.jasyncio.files.AsyncOsPath;
import io.jasyncio.files.AsyncTempfile;
import io.jasyncio.files.TemporaryDirectory;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Copying a file line by line while counting its lines, the loop staying free: reads are read
 * ahead in 64 KiB chunks and writes buffered, so the 20,000 lines cost a few thread hops, not
 * 40,000.
 * <pre>
 * async with aiofiles.open(src) as fin, aiofiles.open(dst, 'w') as fout:
 *     async for line in fin:
 *         count += 1
 *         await fout.write(line)
 * </pre>
 */
public final class CopyCountLines implements Example {
    @Override
    public String name() {
        return "copy-count-lines";
    }

    @Override
    public String description() {
        return "copy a file line by line with AsyncFile, counting lines, while a ticker task keeps running";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Asyncio.run(() -> {
            try (TemporaryDirectory dir = AsyncTempfile.temporaryDirectory()) {
                Path src = dir.path().resolve("src.txt");
                Path dst = dir.path().resolve("dst.txt");
                try (AsyncFile f = AsyncFile.open(src, "w")) {
                    for (int i = 1; i <= 20_000; i++) {
                        f.write("line " + i + ": the quick brown fox\n");
                    }
                }
                int[] ticks = new int[1];
                var ticker = Asyncio.createTask(() -> {
                    while (true) {
                        Asyncio.sleep(0);
                        ticks[0]++;
                    }
                });
                long lines = 0;
                long chars = 0;
                try (AsyncFile in = AsyncFile.open(src, "r"); AsyncFile copy = AsyncFile.open(dst, "w")) {
                    for (String line : in) {
                        lines++;
                        chars += line.length();
                        copy.write(line);
                    }
                }
                ticker.cancel();
                out.println("copied " + lines + " lines, " + chars + " chars");
                out.println("sizes equal: " + (AsyncOsPath.getsize(src) == AsyncOsPath.getsize(dst)));
                out.println("loop stayed responsive: " + (ticks[0] > 0));
            }
        });
    }
}
