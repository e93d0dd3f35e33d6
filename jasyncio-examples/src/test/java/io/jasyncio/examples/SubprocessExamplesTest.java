package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The subprocess examples' output, exactly (Debian's coreutils and python3 as the children). */
class SubprocessExamplesTest {
    @Test
    void subprocessLs() throws Exception {
        assertEquals("""
                ['ls' exited with 0]
                [stdout]
                apple.txt
                banana.txt
                cherry.txt
                ['ls /zzz' exited with 2]
                [stderr]
                ls: cannot access '/zzz': No such file or directory
                line 1: apple.txt
                line 2: banana.txt
                line 3: cherry.txt
                [ls -1 exited with 0]
                """, ExampleOutput.of(new SubprocessLs()));
    }

    @Test
    void subprocessParallel() throws Exception {
        assertEquals("""
                [sleep 1; echo hello] exited with 0
                  stdout: hello
                [sleep 1; echo to stderr >&2; exit 3] exited with 3
                  stderr: to stderr
                [sleep 1; ls /zzz >/dev/null 2>&1] exited with 2
                [sleep 1; printf 'a\\nb\\nc\\n' | wc -l] exited with 0
                  stdout: 3
                exit codes: [0, 3, 2, 0]
                ran in parallel: true
                """, ExampleOutput.of(new SubprocessParallel()));
    }

    @Test
    void subprocessTalk() throws Exception {
        assertEquals("""
                child says: ready
                sent 1, got 1
                sent 2, got 4
                sent 3, got 9
                sent 4, got 16
                sent 5, got 25
                child says: bye
                child exited with 0
                """, ExampleOutput.of(new SubprocessTalk()));
    }
}
