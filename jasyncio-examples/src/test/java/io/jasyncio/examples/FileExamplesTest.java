package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The file examples' output, exactly. */
class FileExamplesTest {
    @Test
    void writeToFile() throws Exception {
        assertEquals("""
                wrote 12 bytes to greeting.txt
                read back: hello, file
                could not write greeting.txt: NoSuchFileException
                could not write %s: FileSystemException (Is a directory)
                removed; exists now: false
                """.formatted("DIR"), ExampleOutput.of(new WriteToFile()).replaceAll("could not write tmp\\d+:", "could not write DIR:"));
    }

    @Test
    void copyCountLines() throws Exception {
        // 20,000 lines of "line N: the quick brown fox\n": 20,000 * 27 chars + the digits of 1..20,000
        long chars = 20_000L * 27 + (9 + 90 * 2 + 900 * 3 + 9000 * 4 + 10_001 * 5);
        assertEquals("copied 20000 lines, " + chars + " chars\nsizes equal: true\nloop stayed responsive: true\n",
                ExampleOutput.of(new CopyCountLines()));
    }
}
