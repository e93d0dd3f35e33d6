package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.subprocess.CommunicateResult;
import io.jasyncio.subprocess.Process;
import io.jasyncio.subprocess.Stdio;
import io.jasyncio.subprocess.SubprocessOptions;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The asyncio documentation's parallel subprocesses: several commands started at once with
 * {@code gather}, each one's output and exit code reported.
 * <pre>
 * async def main():
 *     await asyncio.gather(
 *         run('ls /zzz'),
 *         run('sleep 1; echo "hello"'))
 * </pre>
 * The four commands sleep 1 s each: together they take about 1 s, not 4 s. Results come in
 * the order given to {@code gather}, whatever order the children finish in.
 */
public final class SubprocessParallel implements Example {
    static final List<String> COMMANDS = List.of(
            "sleep 1; echo hello",
            "sleep 1; echo to stderr >&2; exit 3",
            "sleep 1; ls /zzz >/dev/null 2>&1",
            "sleep 1; printf 'a\\nb\\nc\\n' | wc -l");

    @Override
    public String name() {
        return "subprocess-parallel";
    }

    @Override
    public String description() {
        return "four shell commands run at once with gather; their outputs and exit codes";
    }

    record Outcome(String command, int returncode, String stdout, String stderr) {}

    @Override
    public void run(PrintStream out) {
        SubprocessOptions pipes = SubprocessOptions.defaults().withStdout(Stdio.PIPE).withStderr(Stdio.PIPE);
        Asyncio.run(() -> {
            List<Coroutine<Outcome>> runs = new ArrayList<>();
            for (String cmd : COMMANDS) {
                runs.add(() -> {
                    Process p = Asyncio.createSubprocessShell(pipes, cmd);
                    CommunicateResult r = p.communicate();
                    return new Outcome(cmd, p.returncode(), text(r.stdout()), text(r.stderr()));
                });
            }
            long start = System.nanoTime(); // the children sleep in real time, whatever the loop's clock
            List<Outcome> outcomes = Asyncio.gather(runs).await();
            double took = (System.nanoTime() - start) / 1e9;
            List<Integer> codes = new ArrayList<>();
            for (Outcome o : outcomes) {
                out.println("[" + o.command() + "] exited with " + o.returncode());
                if (!o.stdout().isEmpty()) {
                    out.println("  stdout: " + o.stdout().strip());
                }
                if (!o.stderr().isEmpty()) {
                    out.println("  stderr: " + o.stderr().strip());
                }
                codes.add(o.returncode());
            }
            out.println("exit codes: " + codes);
            out.println("ran in parallel: " + (took < 1.0 * COMMANDS.size()));
        });
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
