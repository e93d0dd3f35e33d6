package io.jasyncio;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live tasks of one event loop at one moment, with the await tree (who awaits whom), from
 * {@link EventLoop#dumpTasks()} or {@link Asyncio#dumpTasks()}. Immutable; printable as a tree like
 * Python 3.14's {@code python -m asyncio pstree} ({@link #pstree()}) or as a table like its
 * {@code ps} ({@link #ps()}). Cycles in the await graph (a deadlock: A awaits B awaits A) are
 * found by {@link #cycles()} and reported by both.
 *
 * @param loopId the loop's number (as in its thread's name, {@code jasyncio-loop-N})
 * @param tasks the loop's live tasks, oldest first
 */
public record TaskDump(long loopId, List<TaskInfo> tasks) {
    /** Copies the list, so the record stays immutable. */
    public TaskDump {
        tasks = List.copyOf(tasks);
    }

    /** The entry of {@code task}, or empty if it is done or belongs to another loop. */
    public Optional<TaskInfo> task(Task<?> task) {
        if (task == null) {
            throw new NullPointerException("task must not be null");
        }
        return task(task.id());
    }

    /** The entry of the task with this id, or empty. */
    public Optional<TaskInfo> task(long id) {
        for (TaskInfo t : tasks) {
            if (t.id() == id) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The first live task with this name, or empty. */
    public Optional<TaskInfo> task(String name) {
        for (TaskInfo t : tasks) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The cycles of the await graph, each as the tasks along it with the first one repeated at
     * the end ({@code [a, b, a]}): tasks that wait for each other and can never finish. Found as
     * asyncio.tools does, by the back edges of a depth-first search.
     */
    public List<List<TaskInfo>> cycles() {
        Map<Long, TaskInfo> byId = byId();
        Map<Long, Integer> colour = new HashMap<>(); // absent: unvisited, 1: on the path, 2: done
        List<List<TaskInfo>> cycles = new ArrayList<>();
        List<Long> path = new ArrayList<>();
        for (TaskInfo t : tasks) {
            if (!colour.containsKey(t.id())) {
                findCycles(t.id(), byId, colour, path, cycles);
            }
        }
        return cycles;
    }

    // Iterative would be safer for very deep graphs, but an await chain is as deep as the program
    // nests tasks; the loop thread's stack (64 MiB) holds millions of these frames.
    private static void findCycles(long id, Map<Long, TaskInfo> byId, Map<Long, Integer> colour, List<Long> path,
            List<List<TaskInfo>> cycles) {
        colour.put(id, 1);
        path.add(id);
        TaskInfo t = byId.get(id);
        for (long child : t.awaits()) {
            if (!byId.containsKey(child)) {
                continue;
            }
            Integer c = colour.get(child);
            if (c == null) {
                findCycles(child, byId, colour, path, cycles);
            } else if (c == 1) {
                List<TaskInfo> cycle = new ArrayList<>();
                for (long p : path.subList(path.indexOf(child), path.size())) {
                    cycle.add(byId.get(p));
                }
                cycle.add(byId.get(child));
                cycles.add(List.copyOf(cycle));
            }
        }
        colour.put(id, 2);
        path.remove(path.size() - 1);
    }

    Map<Long, TaskInfo> byId() {
        Map<Long, TaskInfo> m = new LinkedHashMap<>();
        for (TaskInfo t : tasks) {
            m.put(t.id(), t);
        }
        return m;
    }

    /**
     * The await tree as text, like {@code python -m asyncio pstree}: each task that nobody awaits
     * is a root ({@code (T) name}), under it the frames of its own code (outermost first), what it
     * awaits, and the tasks it awaits, recursively. A task awaited by several is printed under
     * each. Unlike asyncio's, which refuses to draw a graph with cycles, the tree is still drawn: a
     * task met again on its own path is marked {@code (cycle)} and not expanded, and each cycle is
     * listed at the end as {@code cycle: a → b → a}.
     */
    public String pstree() {
        return TaskDumpFormat.pstree(this);
    }

    /**
     * The tasks as a table, like {@code python -m asyncio ps}: one row per task and awaiter, with
     * the loop, task id and name, state, what it awaits, its frames (innermost first), and its
     * awaiter's frames, name and id.
     */
    public String ps() {
        return TaskDumpFormat.ps(this);
    }

    /**
     * asyncio 3.14's {@code format_call_graph(task)}: the task, the frames of its own code
     * (innermost first) and, indented below, the tasks that await it, up to the roots.
     *
     * @throws IllegalArgumentException if the task is not in this dump (done, or of another loop)
     */
    public String callGraph(Task<?> task) {
        TaskInfo t = task(task).orElseThrow(() -> new IllegalArgumentException(
                "task " + task.getName() + " is not in this dump (it is done, or belongs to another loop)"));
        return TaskDumpFormat.callGraph(this, t);
    }

    /** Every task with its whole stack and, in debug mode, its creation site. */
    public String stacks() {
        return TaskDumpFormat.stacks(this);
    }

    @Override
    public String toString() {
        return pstree();
    }
}
