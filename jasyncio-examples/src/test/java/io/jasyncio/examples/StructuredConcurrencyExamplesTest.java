package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The outputs of the gather / TaskGroup / waitFor / shield / asCompleted / toThread examples. */
class StructuredConcurrencyExamplesTest {

    @Test
    void sayAfterGather() throws Exception {
        assertEquals("""
                started at +0 s
                hello
                world
                finished at +2 s
                """, ExampleOutput.of(new SayAfterGather()));
    }

    @Test
    void taskGroup() throws Exception {
        assertEquals("""
                started at +0 s
                hello
                world
                finished at +2 s
                Both tasks have completed now: hello said, world said
                """, ExampleOutput.of(new TaskGroupSayAfter()));
    }

    @Test
    void gatherFetches() throws Exception {
        assertEquals("""
                fetched example.com/b after 1 s
                fetched example.com/c after 2 s
                fetched example.com/a after 3 s
                all done after 3 s (not 6)
                <example.com/a: 300 bytes>
                <example.com/b: 100 bytes>
                <example.com/c: 200 bytes>
                """, ExampleOutput.of(new GatherFetches()));
    }

    @Test
    void asCompleted() throws Exception {
        assertEquals("""
                1. <example.com/b after 1 s>
                2. <example.com/c after 2 s>
                3. <example.com/a after 3 s>
                """, ExampleOutput.of(new AsCompletedFetches()));
    }

    @Test
    void waitFor() throws Exception {
        assertEquals("""
                eternity: cancelled, cleaning up
                timeout! (after 1.0 s)
                """, ExampleOutput.of(new WaitForEternity()));
    }

    @Test
    void shield() throws Exception {
        assertEquals("""
                handler: cancelled at +1 s; the save goes on
                main: handler cancelled = true
                save: written at +3 s
                main: save result = saved
                """, ExampleOutput.of(new ShieldSave()));
    }

    @Test
    void toThread() {
        String out = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> ExampleOutput.of(new ToThreadBlocking()));
        assertEquals("""
                main: starting blockingIo in a thread
                loop: still responsive, handled event 1
                loop: still responsive, handled event 2
                loop: still responsive, handled event 3
                main: blockingIo finished on a platform thread after the loop handled 3 events
                """, out);
    }
}
