package io.jasyncio.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The lines of a text {@link AsyncFile}, read as the loop goes: aiofiles' {@code async for line in f}.
 * {@code hasNext()} suspends while a chunk is read; read errors arrive as
 * {@link UncheckedIOException} (an {@code Iterator} cannot throw {@code IOException}). Loop-confined.
 */
final class LineIterator implements Iterator<String> {
    private final AsyncFile file;
    private String next;

    LineIterator(AsyncFile file) {
        this.file = file;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                String line = file.readline();
                next = line.isEmpty() ? null : line;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return next != null;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException("end of " + file.name());
        }
        String line = next;
        next = null;
        return line;
    }
}
