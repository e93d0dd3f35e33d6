package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The output of every example of the core runtime, exactly. */
class CoreExamplesTest {

    @Test
    void readme() throws Exception {
        assertEquals("hello world\n", ExampleOutput.of(new ReadmeExample()));
    }

    @Test
    void sayAfter() throws Exception {
        assertEquals("""
                started at 0.0 s
                hello
                world
                finished at 2.0 s
                """, ExampleOutput.of(new SayAfter()));
    }

    @Test
    void createTask() throws Exception {
        assertEquals("""
                Task created
                Task started
                Task finished
                awaited: result
                """, ExampleOutput.of(new TaskStartedFinished()));
    }

    @Test
    void nested() throws Exception {
        assertEquals("42\n42\n", ExampleOutput.of(new NestedCoroutine()));
    }

    @Test
    void future() throws Exception {
        assertEquals("hello ...\n... world\n", ExampleOutput.of(new FutureSetByTask()));
    }

    @Test
    void taskException() throws Exception {
        assertEquals("""
                caught: java.lang.IllegalArgumentException: bad value
                task done=true cancelled=false exception=bad value
                """, ExampleOutput.of(new TaskException()));
    }

    @Test
    void backgroundTasks() throws Exception {
        assertEquals("""
                pending: 10
                pending after 0.55 s: 5
                pending after 1.55 s: 0, sum of results: 45
                """, ExampleOutput.of(new BackgroundTasks()));
    }

    @Test
    void runner() throws Exception {
        assertEquals("""
                run 1 on the same loop: true
                run 2 on the same loop: true
                closed before close(): false
                closed after close(): true
                """, ExampleOutput.of(new RunnerExample()));
    }
}
