package io.jasyncio.subprocess;

import io.jasyncio.transports.ServerOptions;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The options of {@code createSubprocessExec}/{@code createSubprocessShell} and
 * {@code loop.subprocessExec}/{@code subprocessShell}, as asyncio's keyword arguments: where stdin,
 * stdout and stderr go ({@link Stdio}), the working directory, the environment (a full map, or
 * additions to this JVM's), and the stream readers' {@code limit}.
 *
 * <p>Immutable and thread-safe: start from {@link #defaults()} and change it with the
 * {@code with...} methods, each returning a changed copy. The defaults are asyncio's: every stream
 * inherited, this JVM's working directory and environment, a 64 KiB limit.
 */
public final class SubprocessOptions {
    private static final SubprocessOptions DEFAULTS = new SubprocessOptions(Stdio.INHERIT, Stdio.INHERIT,
            Stdio.INHERIT, null, null, Map.of(), ServerOptions.DEFAULT_LIMIT);

    private final Stdio stdin;
    private final Stdio stdout;
    private final Stdio stderr;
    private final Path cwd;
    private final Map<String, String> env;
    private final Map<String, String> envAdditions;
    private final int limit;

    private SubprocessOptions(Stdio stdin, Stdio stdout, Stdio stderr, Path cwd, Map<String, String> env,
            Map<String, String> envAdditions, int limit) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.cwd = cwd;
        this.env = env;
        this.envAdditions = envAdditions;
        this.limit = limit;
    }

    /** Every stream inherited, no cwd or environment change, a 64 KiB reader limit. */
    public static SubprocessOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A copy with this stdin.
     *
     * @throws IllegalArgumentException for {@link Stdio#STDOUT}, which only stderr may use
     */
    public SubprocessOptions withStdin(Stdio stdin) {
        Objects.requireNonNull(stdin, "stdin");
        if (stdin.kind() == Stdio.Kind.STDOUT) {
            throw new IllegalArgumentException("stdin cannot be Stdio.STDOUT (only stderr can)");
        }
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, envAdditions, limit);
    }

    /**
     * A copy with this stdout.
     *
     * @throws IllegalArgumentException for {@link Stdio#STDOUT}, which only stderr may use
     */
    public SubprocessOptions withStdout(Stdio stdout) {
        Objects.requireNonNull(stdout, "stdout");
        if (stdout.kind() == Stdio.Kind.STDOUT) {
            throw new IllegalArgumentException("stdout cannot be Stdio.STDOUT (only stderr can)");
        }
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, envAdditions, limit);
    }

    /** A copy with this stderr ({@link Stdio#STDOUT}: merged into stdout). */
    public SubprocessOptions withStderr(Stdio stderr) {
        Objects.requireNonNull(stderr, "stderr");
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, envAdditions, limit);
    }

    /** A copy that starts the child in {@code cwd} (null: this JVM's working directory). */
    public SubprocessOptions withCwd(Path cwd) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, envAdditions, limit);
    }

    /**
     * A copy whose child gets exactly this environment (asyncio's {@code env=}); null: this JVM's.
     * Additions made with {@link #withEnvVar} still apply on top.
     *
     * @throws NullPointerException if a key or value is null
     */
    public SubprocessOptions withEnv(Map<String, String> env) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env == null ? null : Map.copyOf(env),
                envAdditions, limit);
    }

    /**
     * A copy that sets one environment variable for the child, on top of the inherited (or
     * {@link #withEnv given}) environment.
     *
     * @throws NullPointerException if {@code name} or {@code value} is null
     */
    public SubprocessOptions withEnvVar(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, String> more = new LinkedHashMap<>(envAdditions);
        more.put(name, value);
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, Map.copyOf(more), limit);
    }

    /**
     * A copy whose stdout/stderr readers have this limit (see {@code StreamReader}).
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public SubprocessOptions withLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, envAdditions, limit);
    }

    /** Where the child's stdin comes from. */
    public Stdio stdin() {
        return stdin;
    }

    /** Where the child's stdout goes. */
    public Stdio stdout() {
        return stdout;
    }

    /** Where the child's stderr goes. */
    public Stdio stderr() {
        return stderr;
    }

    /** The working directory, or null for this JVM's. */
    public Path cwd() {
        return cwd;
    }

    /** The full environment given with {@link #withEnv}, or null (inherit). */
    public Map<String, String> env() {
        return env;
    }

    /** The variables added with {@link #withEnvVar}. */
    public Map<String, String> envAdditions() {
        return envAdditions;
    }

    /** The stream readers' limit in bytes. */
    public int limit() {
        return limit;
    }

    /**
     * The JDK {@link ProcessBuilder} these options describe, for {@code command} (program first).
     * Not started. Thread-safe.
     *
     * @throws IllegalArgumentException if {@code command} is empty
     */
    public ProcessBuilder processBuilder(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty: a program is needed");
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        if (env != null) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        pb.environment().putAll(envAdditions);
        pb.redirectInput(redirect(stdin, true));
        pb.redirectOutput(redirect(stdout, false));
        if (stderr.kind() == Stdio.Kind.STDOUT) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(redirect(stderr, false));
        }
        return pb;
    }

    private static ProcessBuilder.Redirect redirect(Stdio s, boolean input) {
        return switch (s.kind()) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case DEVNULL -> input ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                    : ProcessBuilder.Redirect.DISCARD;
            case FILE -> input ? ProcessBuilder.Redirect.from(s.path().toFile())
                    : ProcessBuilder.Redirect.to(s.path().toFile());
            case APPEND -> input ? ProcessBuilder.Redirect.from(s.path().toFile())
                    : ProcessBuilder.Redirect.appendTo(s.path().toFile());
            case STDOUT -> throw new IllegalArgumentException("only stderr can be Stdio.STDOUT");
        };
    }

    @Override
    public String toString() {
        return "SubprocessOptions[stdin=" + stdin + ", stdout=" + stdout + ", stderr=" + stderr + ", cwd=" + cwd
                + ", env=" + (env == null ? "inherited" : env.size() + " vars") + ", envAdditions="
                + envAdditions.keySet() + ", limit=" + limit + "]";
    }
}
