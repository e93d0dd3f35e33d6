package io.jasyncio.subprocess;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a child's standard stream goes: asyncio's {@code subprocess.PIPE}, {@code DEVNULL},
 * {@code STDOUT} and {@code None} (inherit), plus a file, for {@link SubprocessOptions}.
 *
 * <p>Immutable and thread-safe. Difference from asyncio: a file is named by a {@link Path}
 * (opened by the JDK when the child starts) instead of an open file object or descriptor.
 */
public final class Stdio {
    /** What a {@code Stdio} does. */
    enum Kind { PIPE, DEVNULL, INHERIT, STDOUT, FILE, APPEND }

    /** A pipe to this process: {@code Process.stdin()}, {@code stdout()} or {@code stderr()}. */
    public static final Stdio PIPE = new Stdio(Kind.PIPE, null);
    /** The null device: reads see EOF, writes are discarded. */
    public static final Stdio DEVNULL = new Stdio(Kind.DEVNULL, null);
    /** The same stream as this JVM's (asyncio's {@code None}, the default). */
    public static final Stdio INHERIT = new Stdio(Kind.INHERIT, null);
    /** For stderr only: the same destination as the child's stdout. */
    public static final Stdio STDOUT = new Stdio(Kind.STDOUT, null);

    private final Kind kind;
    private final Path path;

    private Stdio(Kind kind, Path path) {
        this.kind = kind;
        this.path = path;
    }

    /**
     * A file: stdin reads it; stdout or stderr truncate and write it.
     *
     * @throws NullPointerException if {@code path} is null
     */
    public static Stdio file(Path path) {
        return new Stdio(Kind.FILE, Objects.requireNonNull(path, "path"));
    }

    /**
     * A file that stdout or stderr append to (created if missing); for stdin the same as
     * {@link #file(Path)}.
     *
     * @throws NullPointerException if {@code path} is null
     */
    public static Stdio append(Path path) {
        return new Stdio(Kind.APPEND, Objects.requireNonNull(path, "path"));
    }

    Kind kind() {
        return kind;
    }

    /** The file of {@link #file} or {@link #append}, else null. */
    public Path path() {
        return path;
    }

    /** Whether this is {@link #PIPE}. */
    public boolean isPipe() {
        return kind == Kind.PIPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stdio s && s.kind == kind && Objects.equals(s.path, path);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Objects.hashCode(path);
    }

    @Override
    public String toString() {
        return path == null ? kind.name() : kind.name() + "(" + path + ")";
    }
}
