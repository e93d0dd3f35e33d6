package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.files.AsyncFile;
import io.jasyncio.files.AsyncOs;
import io.jasyncio.files.AsyncOsPath;
import io.jasyncio.files.AsyncTempfile;
import io.jasyncio.files.TemporaryDirectory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The seeds' {@code write_to_file(filename, data)} with its error handling: the file is written
 * by a worker thread while the loop goes on, and an error is the JDK's, raised where it is awaited.
 * <pre>
 * async def write_to_file(filename, data):
 *     try:
 *         async with aiofiles.open(filename, 'w') as f:
 *             await f.write(data)
 *     except OSError as e:
 *         print(f"could not write {filename}: {e!r}")
 * </pre>
 */
public final class WriteToFile implements Example {
    @Override
    public String name() {
        return "write-to-file";
    }

    @Override
    public String description() {
        return "aiofiles' write_to_file: AsyncFile.open(path, \"w\") with try-with-resources and its errors";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Asyncio.run(() -> {
            try (TemporaryDirectory dir = AsyncTempfile.temporaryDirectory()) {
                Path good = dir.path().resolve("greeting.txt");
                writeToFile(out, good, "hello, file\n");
                out.println("wrote " + AsyncOsPath.getsize(good) + " bytes to greeting.txt");
                try (AsyncFile f = AsyncFile.open(good, "r")) {
                    out.print("read back: " + f.read());
                }
                writeToFile(out, dir.path().resolve("no-such-dir/greeting.txt"), "lost\n");
                writeToFile(out, dir.path(), "a directory\n");
                AsyncOs.remove(good);
                out.println("removed; exists now: " + AsyncOsPath.exists(good));
            }
        });
    }

    static void writeToFile(PrintStream out, Path filename, String data) {
        try (AsyncFile f = AsyncFile.open(filename, "w")) {
            f.write(data);
        } catch (IOException e) {
            out.println("could not write " + filename.getFileName() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage().endsWith("Is a directory") ? " (Is a directory)" : ""));
        }
    }
}
