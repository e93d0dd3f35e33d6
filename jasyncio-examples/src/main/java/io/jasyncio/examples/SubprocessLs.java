package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.subprocess.CommunicateResult;
import io.jasyncio.subprocess.Process;
import io.jasyncio.subprocess.Stdio;
import io.jasyncio.subprocess.SubprocessOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The asyncio documentation's first subprocess example: run a shell command, collect its output
 * with {@code communicate}, report the exit code.
 * <pre>
 * async def run(cmd):
 *     proc = await asyncio.create_subprocess_shell(
 *         cmd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
 *     stdout, stderr = await proc.communicate()
 *     print(f'[{cmd!r} exited with {proc.returncode}]')
 *     if stdout:
 *         print(f'[stdout]\n{stdout.decode()}')
 *     if stderr:
 *         print(f'[stderr]\n{stderr.decode()}')
 *
 * asyncio.run(run('ls /zzz'))
 * </pre>
 * It lists a directory it makes (three files) and then one that does not exist, and finally reads
 * {@code ls -1}'s output line by line while the child runs.
 */
public final class SubprocessLs implements Example {
    @Override
    public String name() {
        return "subprocess-ls";
    }

    @Override
    public String description() {
        return "run ls with createSubprocessShell, read its output with communicate and line by line";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("subprocess-ls");
        try {
            for (String f : new String[] {"apple.txt", "banana.txt", "cherry.txt"}) {
                Files.writeString(dir.resolve(f), f);
            }
            SubprocessOptions pipes = SubprocessOptions.defaults().withStdout(Stdio.PIPE).withStderr(Stdio.PIPE)
                    .withCwd(dir).withEnvVar("LC_ALL", "C");
            Asyncio.run(() -> {
                runCommand(out, pipes, "ls");
                runCommand(out, pipes, "ls /zzz");
                // Reading line by line, as each line arrives:
                Process ls = Asyncio.createSubprocessExec(pipes, "ls", "-1");
                int n = 0;
                for (byte[] line : ls.stdout().lines()) {
                    out.println("line " + ++n + ": " + new String(line, StandardCharsets.UTF_8).strip());
                }
                out.println("[ls -1 exited with " + ls.await() + "]");
            });
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(SubprocessLs::delete);
            }
        }
    }

    static void runCommand(PrintStream out, SubprocessOptions pipes, String cmd) throws IOException {
        Process proc = Asyncio.createSubprocessShell(pipes, cmd);
        CommunicateResult r = proc.communicate();
        out.println("['" + cmd + "' exited with " + proc.returncode() + "]");
        if (r.stdout().length > 0) {
            out.print("[stdout]\n" + new String(r.stdout(), StandardCharsets.UTF_8));
        }
        if (r.stderr().length > 0) {
            out.print("[stderr]\n" + new String(r.stderr(), StandardCharsets.UTF_8));
        }
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
