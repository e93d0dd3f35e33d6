package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The task-tree example: its own await tree, the deadlock marked, then both resolved. */
class TaskTreeTest {
    @Test
    void printsItsAwaitTreeAndTheDeadlock() throws Exception {
        String out = ExampleOutput.of(new TaskTree())
                .replaceAll("@[0-9a-f]+\\.", "@ID.") // identity hashes differ from run to run
                .replaceAll("\\.java:\\d+", ".java:N") // line numbers move when the file is edited
                .replaceAll("Task-\\d+", "Task-N"); // default names count every task of the JVM
        assertEquals("""
                └── (T) Task-N
                    └──  TaskTree$Program.main TaskTree.java:N
                        └──  awaits TaskGroup exit (3 tasks)
                            ├── (T) writer
                            │   └──  TaskTree$Program.writer TaskTree.java:N
                            │       └──  awaits Event@ID.await
                            ├── (T) fetch-all
                            │   └──  TaskTree$Program.fetchAll TaskTree.java:N
                            │       └──  awaits gather (2 of 2 pending)
                            │           ├── (T) fetch-a
                            │           │   └──  TaskTree$Program.fetch TaskTree.java:N
                            │           │       └──  awaits sleep 2s
                            │           └── (T) store-b
                            │               └──  TaskTree$Program.store TaskTree.java:N
                            │                   └──  awaits Lock@ID.acquire
                            └── (T) reporter
                                └──  TaskTree$Program.reporter TaskTree.java:N
                └── (T) left
                    └──  TaskTree$Program.left TaskTree.java:N
                        └── (T) right
                            └──  TaskTree$Program.right TaskTree.java:N
                                └── (T) left (cycle)
                cycle: left → right → left
                deadlock: left awaits right awaits left
                left: cancelled, and right with it: true
                """, out);
    }
}
