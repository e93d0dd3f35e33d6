package io.jasyncio.web;

import io.jasyncio.Asyncio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The handler of a static route: maps the decoded tail of the path to a file under the root and
 * refuses anything outside it, as aiohttp does since CVE-2024-23334: the path is decoded first
 * (so {@code %2e%2e} is {@code ..}), normalised, and must stay under the root; unless symlinks
 * are followed, the real path (symlinks resolved) must stay under the root's real path too.
 * Outside the root or missing: 404; a directory: 403. File system calls run on the default
 * executor (they block).
 */
final class StaticFiles {
    private final Path root;
    private final Path realRoot;
    private final boolean followSymlinks;

    StaticFiles(Path directory, boolean followSymlinks) {
        if (directory == null) {
            throw new IllegalArgumentException("directory is null");
        }
        this.root = directory.toAbsolutePath().normalize();
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("no directory exists at " + directory, e);
        }
        if (!Files.isDirectory(realRoot)) {
            throw new IllegalArgumentException("not a directory: " + directory);
        }
        this.followSymlinks = followSymlinks;
    }

    StreamResponse handle(Request request) throws IOException {
        String name = request.matchInfo().get("filename");
        if (name == null || name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            throw new HTTPNotFound();
        }
        Path target;
        try {
            Path rel = Path.of(name);
            if (rel.isAbsolute()) {
                throw new HTTPForbidden();
            }
            target = root.resolve(rel).normalize();
        } catch (InvalidPathException e) {
            throw new HTTPNotFound();
        }
        if (!target.startsWith(root)) {
            throw new HTTPNotFound();
        }
        Path checked = target;
        Boolean directory = Asyncio.toThread(() -> {
            try {
                Path real = checked.toRealPath();
                if (!followSymlinks && !real.startsWith(realRoot)) {
                    return null;
                }
                return Files.isDirectory(real);
            } catch (NoSuchFileException e) {
                return null;
            }
        });
        if (directory == null) {
            throw new HTTPNotFound();
        }
        if (directory) {
            throw new HTTPForbidden();
        }
        return new FileResponse(target);
    }
}
