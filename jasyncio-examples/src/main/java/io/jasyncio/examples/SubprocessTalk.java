package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.subprocess.Process;
import io.jasyncio.subprocess.Stdio;
import io.jasyncio.subprocess.SubprocessOptions;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Talking to a child line by line over its stdin and stdout, as the asyncio documentation's
 * {@code get_date} reads a {@code python -c} child's line: here a Python child squares each number
 * it reads, and we wait for each answer before sending the next number.
 * <pre>
 * proc = await asyncio.create_subprocess_exec(
 *     'python3', '-c', code, stdin=PIPE, stdout=PIPE)
 * for n in range(1, 6):
 *     proc.stdin.write(f'{n}\n'.encode())
 *     await proc.stdin.drain()
 *     answer = await proc.stdout.readline()
 * proc.stdin.close()
 * await proc.wait()
 * </pre>
 */
public final class SubprocessTalk implements Example {
    static final String CHILD = """
            import sys
            print('ready', flush=True)
            for line in sys.stdin:
                n = int(line)
                print(n * n, flush=True)
            print('bye', flush=True)
            """;

    @Override
    public String name() {
        return "subprocess-talk";
    }

    @Override
    public String description() {
        return "talk to a python3 -c child line by line: send a number, read its square";
    }

    @Override
    public void run(PrintStream out) {
        SubprocessOptions pipes = SubprocessOptions.defaults().withStdin(Stdio.PIPE).withStdout(Stdio.PIPE);
        Asyncio.run(() -> {
            Process child = Asyncio.createSubprocessExec(pipes, "python3", "-c", CHILD);
            out.println("child says: " + line(child));
            for (int n = 1; n <= 5; n++) {
                child.stdin().write((n + "\n").getBytes(StandardCharsets.UTF_8));
                child.stdin().drain();
                out.println("sent " + n + ", got " + line(child));
            }
            child.stdin().close(); // EOF: the child's loop ends
            out.println("child says: " + line(child));
            out.println("child exited with " + child.await());
        });
    }

    private static String line(Process child) throws java.io.IOException {
        return new String(child.stdout().readline(), StandardCharsets.UTF_8).strip();
    }
}
