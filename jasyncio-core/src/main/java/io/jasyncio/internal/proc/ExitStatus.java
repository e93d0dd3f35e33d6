package io.jasyncio.internal.proc;

/**
 * The JDK's exit value turned into asyncio's {@code returncode}.
 *
 * <p>On Linux the JDK reaps a child with {@code waitpid} the moment it exits and reports a child
 * killed by signal N as {@code 128 + N} (ProcessHandleImpl_unix.c: "what all Unix shells do"); the
 * wait status itself is not kept anywhere Java can read it afterwards ({@code /proc/PID/stat}'s
 * exit code vanishes with the zombie, which the JDK's reaper removes at once). So jasyncio follows
 * the shell convention: an exit value from 129 to 192 is reported as minus the signal number, as
 * asyncio reports a signalled child. The one case it gets wrong is a program that exits with such
 * a code by itself ({@code exit 137}): it reads as {@code -9}.
 */
final class ExitStatus {
    private ExitStatus() {}

    static int returncode(int exitValue) {
        if (exitValue > 128 && exitValue <= 128 + 64) {
            return -(exitValue - 128);
        }
        return exitValue;
    }
}
