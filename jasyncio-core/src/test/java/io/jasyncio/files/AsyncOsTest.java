package io.jasyncio.files;

import static io.jasyncio.testkit.VirtualLoop.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.transports.Server;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** aiofiles.os, aiofiles.os.path and aiofiles.tempfile counterparts, and sendfile. */
class AsyncOsTest {
    @TempDir
    Path dir;

    @Test
    void directoryAndFileHelpers() throws IOException {
        run(() -> {
            Path a = dir.resolve("a");
            AsyncOs.mkdir(a);
            assertThrows(FileAlreadyExistsException.class, () -> AsyncOs.mkdir(a));
            assertThrows(NoSuchFileException.class, () -> AsyncOs.mkdir(dir.resolve("x/y")));
            AsyncOs.makedirs(dir.resolve("b/c/d"), false);
            AsyncOs.makedirs(dir.resolve("b/c/d"), true);
            assertThrows(FileAlreadyExistsException.class, () -> AsyncOs.makedirs(dir.resolve("b/c"), false));
            try (AsyncFile f = AsyncFile.open(a.resolve("f.txt"), "w")) {
                f.write("12345");
            }
            assertTrue(AsyncOsPath.exists(a.resolve("f.txt")));
            assertTrue(AsyncOsPath.isfile(a.resolve("f.txt")));
            assertFalse(AsyncOsPath.isdir(a.resolve("f.txt")));
            assertTrue(AsyncOsPath.isdir(a));
            assertFalse(AsyncOsPath.exists(dir.resolve("nope")));
            assertFalse(AsyncOsPath.islink(a));
            assertEquals(5, AsyncOsPath.getsize(a.resolve("f.txt")));
            assertThrows(NoSuchFileException.class, () -> AsyncOsPath.getsize(dir.resolve("nope")));
            BasicFileAttributes st = AsyncOs.stat(a.resolve("f.txt"));
            assertEquals(5, st.size());
            assertTrue(st instanceof PosixFileAttributes);
            assertEquals(List.of("a", "b"), AsyncOs.listdir(dir).stream().sorted().toList());
            List<DirEntry> entries = AsyncOs.scandir(a);
            assertEquals(1, entries.size());
            assertEquals("f.txt", entries.get(0).name());
            assertTrue(entries.get(0).isFile());
            assertThrows(NotDirectoryException.class, () -> AsyncOs.listdir(a.resolve("f.txt")));

            Files.writeString(a.resolve("g.txt"), "other");
            assertThrows(FileAlreadyExistsException.class, () -> AsyncOs.rename(a.resolve("f.txt"), a.resolve("g.txt")));
            AsyncOs.rename(a.resolve("f.txt"), a.resolve("h.txt"));
            AsyncOs.replace(a.resolve("h.txt"), a.resolve("g.txt"));
            assertEquals("12345", Files.readString(a.resolve("g.txt")));
            assertThrows(DirectoryNotEmptyException.class, () -> AsyncOs.rmdir(a));
            assertThrows(NotDirectoryException.class, () -> AsyncOs.rmdir(a.resolve("g.txt")));
            // regression: a missing directory was NotDirectoryException; Python raises FileNotFoundError
            assertThrows(NoSuchFileException.class, () -> AsyncOs.rmdir(a.resolve("missing")));
            assertThrows(java.nio.file.FileSystemException.class, () -> AsyncOs.remove(a));
            AsyncOs.remove(a.resolve("g.txt"));
            assertThrows(NoSuchFileException.class, () -> AsyncOs.unlink(a.resolve("g.txt")));
            AsyncOs.rmdir(a);
            assertFalse(AsyncOsPath.exists(a));
            assertThrows(NullPointerException.class, () -> AsyncOs.stat(null));
        });
    }

    @Test
    void temporaryFilesAndDirectoriesLeaveNothingBehind() throws IOException {
        run(() -> {
            Path named;
            try (AsyncFile f = AsyncTempfile.namedTemporaryFile("w+", "jt", ".txt", dir, true)) {
                named = f.name();
                assertTrue(named.getFileName().toString().startsWith("jt"));
                f.write("temp");
                f.seek(0);
                assertEquals("temp", f.read());
            }
            assertFalse(Files.exists(named));
            try (AsyncFile f = AsyncTempfile.namedTemporaryFile("wb", "keep", null, dir, false)) {
                named = f.name();
            }
            assertTrue(Files.exists(named));
            Files.delete(named);
            try (AsyncFile f = AsyncTempfile.temporaryFile("w+b")) {
                f.write(new byte[] {1, 2, 3});
                f.seek(0);
                assertArrayEquals(new byte[] {1, 2, 3}, f.readBytes());
            }
            Path tree;
            try (TemporaryDirectory d = AsyncTempfile.temporaryDirectory("jtd", dir)) {
                tree = d.path();
                AsyncOs.makedirs(tree.resolve("x/y"), true);
                Files.writeString(tree.resolve("x/y/z"), "deep");
            }
            assertFalse(Files.exists(tree));
        });
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void sendfileBetweenTwoFilesMovesOnlyTheTargetsPosition() throws IOException {
        Path src = Files.writeString(dir.resolve("src"), "0123456789");
        Path dst = dir.resolve("dst");
        run(() -> {
            try (AsyncFile in = AsyncFile.open(src, "rb"); AsyncFile out = AsyncFile.open(dst, "wb")) {
                out.write("<".getBytes(UTF_8));
                assertEquals(4, AsyncOs.sendfile(out, in, 3, 4));
                assertEquals(5, out.tell());
                assertEquals(0, in.tell());
                assertEquals(3, AsyncOs.sendfile(out, in, 7, 100));
                out.write(">".getBytes(UTF_8));
            }
        });
        assertEquals("<3456789>", Files.readString(dst));
    }

    @Test
    void sendfileToAConnectionSendsTheFileAndMovesItsPosition() throws IOException {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        Path src = Files.write(dir.resolve("big"), data);
        byte[] received = io.jasyncio.transports.RealLoop.run(Duration.ofSeconds(30), () -> {
            io.jasyncio.Future<byte[]> got = Asyncio.getRunningLoop().createFuture();
            try (Server server = Asyncio.startServer((r, w) -> {
                got.setResult(r.read(-1));
                w.close();
            }, "127.0.0.1", 0)) {
                StreamPair c = Asyncio.openConnection("127.0.0.1", server.port());
                try (AsyncFile f = AsyncFile.open(src, "rb")) {
                    assertEquals(data.length - 1000, AsyncOs.sendfile(c.writer(), f, 1000, -1));
                    assertEquals(data.length, f.tell());
                }
                c.writer().close();
                return got.await();
            }
        });
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 1000, data.length), received);
    }
    @Test
    void removedirsAndRenamesPruneTheDirectoriesTheyEmptied() throws IOException {
        run(() -> {
            Path leaf = dir.resolve("x/y/z");
            AsyncOs.makedirs(leaf, false);
            Files.writeString(dir.resolve("x/keep"), "stays");
            AsyncOs.removedirs(leaf);
            assertFalse(AsyncOsPath.exists(dir.resolve("x/y")), "y became empty: removed");
            assertTrue(AsyncOsPath.isdir(dir.resolve("x")), "x holds a file: the pruning stops there");
            assertThrows(NoSuchFileException.class, () -> AsyncOs.removedirs(leaf));
            assertThrows(DirectoryNotEmptyException.class, () -> AsyncOs.removedirs(dir.resolve("x")));

            Path src = dir.resolve("from/deep/file.txt");
            AsyncOs.makedirs(src.getParent(), false);
            Files.writeString(src, "moved");
            Path dst = dir.resolve("to/new/place/file.txt");
            AsyncOs.renames(src, dst);
            assertEquals("moved", Files.readString(dst));
            assertFalse(AsyncOsPath.exists(dir.resolve("from")), "the emptied source directories are gone");
            Files.writeString(src.getParent().getParent().getParent().resolve("other"), "x");
            assertThrows(FileAlreadyExistsException.class, () -> AsyncOs.renames(dir.resolve("other"), dst));
        });
    }

    @Test
    void linksAccessTimesAndSamefile() throws IOException {
        run(() -> {
            Path f = Files.writeString(dir.resolve("target.txt"), "data");
            Path hard = dir.resolve("hard");
            AsyncOs.link(f, hard);
            assertTrue(AsyncOsPath.samefile(f, hard), "a hard link is the same file");
            assertEquals(2, Files.getAttribute(f, "unix:nlink"));
            Path soft = dir.resolve("soft");
            AsyncOs.symlink(Path.of("target.txt"), soft);
            assertEquals(Path.of("target.txt"), AsyncOs.readlink(soft), "stored as given");
            assertTrue(AsyncOsPath.islink(soft));
            assertTrue(AsyncOsPath.samefile(soft, f), "links are followed");
            assertFalse(AsyncOsPath.samefile(f, Files.writeString(dir.resolve("other"), "data")));
            assertThrows(java.nio.file.NotLinkException.class, () -> AsyncOs.readlink(f));
            assertThrows(FileAlreadyExistsException.class, () -> AsyncOs.symlink(f, soft));
            assertThrows(NoSuchFileException.class, () -> AsyncOsPath.samefile(f, dir.resolve("missing")));

            assertTrue(AsyncOs.access(f, AsyncOs.F_OK));
            assertTrue(AsyncOs.access(f, AsyncOs.R_OK | AsyncOs.W_OK));
            assertFalse(AsyncOs.access(f, AsyncOs.X_OK), "not executable");
            assertFalse(AsyncOs.access(dir.resolve("missing"), AsyncOs.R_OK), "false, not an exception");
            assertThrows(IllegalArgumentException.class, () -> AsyncOs.access(f, 8));

            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(1_500_000_000_250L));
            Files.setAttribute(f, "lastAccessTime", java.nio.file.attribute.FileTime.fromMillis(1_400_000_000_500L));
            assertEquals(1_500_000_000.25, AsyncOsPath.getmtime(f), 1e-6);
            assertEquals(1_400_000_000.5, AsyncOsPath.getatime(f), 1e-6);
            double ctime = AsyncOsPath.getctime(f);
            double now = System.currentTimeMillis() / 1e3;
            assertTrue(Math.abs(now - ctime) < 600, "ctime is the inode change just made, not the mtime set: " + ctime);
            assertThrows(NoSuchFileException.class, () -> AsyncOsPath.getmtime(dir.resolve("missing")));
            NullPointerException e = assertThrows(NullPointerException.class, () -> AsyncOs.link(null, f));
            assertEquals("src", e.getMessage());
        });
    }
}
