package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TaskDump;
import io.jasyncio.TaskInfo;
import io.jasyncio.locks.Event;
import io.jasyncio.locks.Lock;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What is my program waiting on? A program prints its own await tree, as Python 3.14's
 * {@code python -m asyncio pstree PID} prints another process's: a TaskGroup whose tasks gather
 * a fetch and a store (the store waits for a lock the writer holds), and, beside it, two tasks
 * that await each other: a deadlock, which the tree marks and lists as a cycle. Then the program
 * resolves both and ends. {@code ./jasyncio pstree PID} prints the same for a running JVM.
 * <pre>
 * async def main():
 *     async with asyncio.TaskGroup() as tg:
 *         tg.create_task(writer(), name="writer")
 *         tg.create_task(fetch_all(), name="fetch-all")
 *         tg.create_task(reporter(), name="reporter")   # print_call_graph / pstree
 * </pre>
 */
public final class TaskTree implements Example {
    @Override
    public String name() {
        return "task-tree";
    }

    @Override
    public String description() {
        return "a program prints its await tree (python -m asyncio pstree), a deadlock included";
    }

    @Override
    public void run(PrintStream out) {
        Asyncio.run(new Program(out)::main);
    }

    /** The program: its methods are the frames the tree shows. */
    private static final class Program {
        private final PrintStream out;
        private final Lock lock = new Lock();
        private final Event writerDone = new Event();
        private Future<Task<?>> rightTask;
        private Task<Object> left;

        Program(PrintStream out) {
            this.out = out;
        }

        void main() {
            rightTask = Asyncio.getRunningLoop().createFuture();
            left = Asyncio.createTask(this::left, "left");
            rightTask.setResult(Asyncio.createTask(this::right, "right"));
            Asyncio.taskGroup(tg -> {
                tg.createTask(this::writer, "writer");
                tg.createTask(this::fetchAll, "fetch-all");
                tg.createTask(this::reporter, "reporter");
            });
            try {
                left.await();
            } catch (CancelledError e) {
                out.println("left: cancelled, and right with it: " + rightTask.result().cancelled());
            }
        }

        Void writer() {
            lock.acquire();
            try {
                writerDone.await();
            } finally {
                lock.release();
            }
            return null;
        }

        Object fetchAll() {
            return Asyncio.gather(Asyncio.createTask(this::fetch, "fetch-a"), Asyncio.createTask(this::store, "store-b"))
                    .await();
        }

        String fetch() {
            Asyncio.sleep(2);
            return "a";
        }

        String store() {
            lock.acquire();
            lock.release();
            return "b";
        }

        Object left() {
            return rightTask.await().await(); // left awaits right...
        }

        Object right() {
            return left.await(); // ...and right awaits left: neither can ever finish
        }

        Void reporter() {
            Asyncio.sleep(1); // every other task reaches its await
            TaskDump dump = Asyncio.dumpTasks();
            out.print(dump.pstree());
            for (List<TaskInfo> cycle : dump.cycles()) {
                out.println("deadlock: " + cycle.stream().map(TaskInfo::name).collect(Collectors.joining(" awaits ")));
            }
            writerDone.set();
            left.cancel(); // a cancel goes round the cycle and unwinds both
            return null;
        }
    }
}
