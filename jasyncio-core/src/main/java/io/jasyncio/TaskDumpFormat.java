package io.jasyncio;

import java.security.CodeSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Renders a {@link TaskDump} as text: the {@code pstree} tree and the {@code ps} table of Python
 * 3.14's {@code asyncio.tools}, written for jasyncio's dumps. Frames shown are the program's own:
 * JDK and jasyncio frames are left out, as asyncio's trees show coroutine frames only.
 */
final class TaskDumpFormat {
    private TaskDumpFormat() {}

    /** The test kit's package: its frames (the JUnit extension running a test) are left out too. */
    private static final String TEST_KIT = "io.jasyncio.testing.";
    /** Whether a class is jasyncio's runtime, by class name (frames repeat: look each class up once). */
    private static final Map<String, Boolean> RUNTIME = new ConcurrentHashMap<>();

    static boolean isProgramFrame(StackTraceElement e) {
        String c = e.getClassName();
        if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("com.sun.")
                || c.startsWith(TEST_KIT)) {
            return false;
        }
        return !RUNTIME.computeIfAbsent(c, TaskDumpFormat::isRuntimeClass);
    }

    /**
     * Whether the class was loaded from where jasyncio's runtime was (its jar or classes
     * directory): by origin rather than package, so a program's own classes in an
     * {@code io.jasyncio} package (jasyncio's tests) still count as the program.
     */
    private static boolean isRuntimeClass(String name) {
        try {
            Class<?> c = Class.forName(name, false, TaskDumpFormat.class.getClassLoader());
            return Objects.equals(location(c), location(TaskDumpFormat.class));
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return name.startsWith("io.jasyncio.") && !name.startsWith("io.jasyncio.examples.");
        }
    }

    private static Object location(Class<?> c) {
        CodeSource s = c.getProtectionDomain().getCodeSource();
        return s == null ? null : s.getLocation();
    }

    /** The program's frames of a stack, innermost first. */
    static List<StackTraceElement> programFrames(List<StackTraceElement> stack) {
        List<StackTraceElement> out = new ArrayList<>();
        for (StackTraceElement e : stack) {
            if (isProgramFrame(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** {@code Class.method File.java:42}, as asyncio prints {@code func file:line}. */
    static String frame(StackTraceElement e) {
        String c = e.getClassName();
        String where = e.getFileName() == null ? "" : " " + e.getFileName() + (e.getLineNumber() > 0 ? ":" + e.getLineNumber() : "");
        return c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName() + where;
    }

    private static String method(StackTraceElement e) {
        String c = e.getClassName();
        return c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName();
    }

    // ----- pstree -----

    static String pstree(TaskDump dump) {
        Map<Long, TaskInfo> byId = dump.byId();
        List<String> lines = new ArrayList<>();
        Set<Long> drawn = new HashSet<>();
        for (TaskInfo t : dump.tasks()) {
            if (t.awaitedBy().stream().noneMatch(byId::containsKey)) {
                task(t, byId, "", true, new ArrayDeque<>(), drawn, lines);
            }
        }
        // Tasks on a cycle have no root: draw each cycle from its oldest task not drawn yet.
        for (TaskInfo t : dump.tasks()) {
            if (!drawn.contains(t.id())) {
                task(t, byId, "", true, new ArrayDeque<>(), drawn, lines);
            }
        }
        for (List<TaskInfo> cycle : dump.cycles()) {
            lines.add("cycle: " + cycle.stream().map(TaskInfo::name).collect(Collectors.joining(" → ")));
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    private static void task(TaskInfo t, Map<Long, TaskInfo> byId, String prefix, boolean last, Deque<Long> path,
            Set<Long> drawn, List<String> lines) {
        boolean again = path.contains(t.id());
        lines.add(prefix + (last ? "└── " : "├── ") + "(T) " + t.name() + (again ? " (cycle)" : ""));
        if (again) {
            return;
        }
        drawn.add(t.id());
        path.push(t.id());
        String p = prefix + (last ? "    " : "│   ");
        List<StackTraceElement> frames = programFrames(t.stack());
        for (int i = frames.size() - 1; i >= 0; i--) {
            lines.add(p + "└──  " + frame(frames.get(i)));
            p += "    ";
        }
        List<TaskInfo> children = new ArrayList<>();
        for (long id : t.awaits()) {
            TaskInfo c = byId.get(id);
            if (c != null) {
                children.add(c);
            }
        }
        // What it awaits, unless that is just the one task drawn below it.
        boolean justATask = t.awaiting().isPresent() && t.awaiting().get().type() == Task.class;
        if (t.awaiting().isPresent() && !justATask) {
            lines.add(p + "└──  awaits " + t.awaiting().get().description());
            p += "    ";
        }
        for (int i = 0; i < children.size(); i++) {
            task(children.get(i), byId, p, i == children.size() - 1, path, drawn, lines);
        }
        path.pop();
    }

    // ----- ps -----

    private static final String[] HEADER = {"loop", "task id", "task name", "state", "awaits", "coroutine stack",
        "awaiter chain", "awaiter name", "awaiter id"};

    static String ps(TaskDump dump) {
        return ps(List.of(dump));
    }

    /** One table for several loops' dumps. */
    static String ps(List<TaskDump> dumps) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (TaskDump dump : dumps) {
            rows(dump, rows);
        }
        StringBuilder sb = table(rows);
        for (TaskDump dump : dumps) {
            for (List<TaskInfo> cycle : dump.cycles()) {
                sb.append("cycle: ").append(cycle.stream().map(TaskInfo::name).collect(Collectors.joining(" → ")))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    private static void rows(TaskDump dump, List<String[]> rows) {
        Map<Long, TaskInfo> byId = dump.byId();
        for (TaskInfo t : dump.tasks()) {
            String[] base = {String.valueOf(dump.loopId()), String.valueOf(t.id()), t.name(),
                t.state().name().toLowerCase(java.util.Locale.ROOT) + (t.cancelling() > 0 ? " (cancelling)" : ""),
                t.awaiting().map(Awaiting::description).orElse(""), chain(t)};
            List<TaskInfo> awaiters = t.awaitedBy().stream().map(byId::get).filter(a -> a != null).toList();
            if (awaiters.isEmpty()) {
                rows.add(row(base, "", "", ""));
            }
            for (TaskInfo a : awaiters) {
                rows.add(row(base, chain(a), a.name(), String.valueOf(a.id())));
            }
        }
    }

    private static StringBuilder table(List<String[]> rows) {
        int[] width = new int[HEADER.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]).append(" ".repeat(width[i] - r[i].length() + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (n == 0) {
                int total = 0;
                for (int w : width) {
                    total += w + 2;
                }
                sb.append("-".repeat(total - 2)).append('\n');
            }
        }
        return sb;
    }

    private static String[] row(String[] base, String chain, String name, String id) {
        String[] r = new String[HEADER.length];
        System.arraycopy(base, 0, r, 0, base.length);
        r[base.length] = chain;
        r[base.length + 1] = name;
        r[base.length + 2] = id;
        return r;
    }

    private static String chain(TaskInfo t) {
        return programFrames(t.stack()).stream().map(TaskDumpFormat::method).collect(Collectors.joining(" -> "));
    }

    // ----- call graph -----

    /** asyncio 3.14's {@code format_call_graph}: the task, its frames, and who awaits it, upwards. */
    static String callGraph(TaskDump dump, TaskInfo task) {
        List<String> lines = new ArrayList<>();
        callGraph(task, dump.byId(), 0, new ArrayDeque<>(), lines);
        return String.join("\n", lines) + "\n";
    }

    private static void callGraph(TaskInfo t, Map<Long, TaskInfo> byId, int level, Deque<Long> path, List<String> lines) {
        String indent = "    ".repeat(level);
        boolean again = path.contains(t.id());
        lines.add(indent + "* Task(name='" + t.name() + "', id=" + t.id() + ")" + (again ? " (cycle)" : ""));
        if (again) {
            return;
        }
        List<StackTraceElement> frames = programFrames(t.stack());
        if (!frames.isEmpty()) {
            lines.add(indent + "  + Call stack:");
            for (StackTraceElement e : frames) {
                String c = e.getClassName();
                lines.add(indent + "  |   File '" + e.getFileName() + "', line " + e.getLineNumber() + ", in "
                        + c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName() + "()");
            }
        }
        List<TaskInfo> parents = t.awaitedBy().stream().map(byId::get).filter(p -> p != null).toList();
        if (!parents.isEmpty()) {
            lines.add(indent + "  + Awaited by:");
            path.push(t.id());
            for (TaskInfo p : parents) {
                callGraph(p, byId, level + 1, path, lines);
            }
            path.pop();
        }
    }

    // ----- stacks -----

    static String stacks(TaskDump dump) {
        Map<Long, TaskInfo> byId = dump.byId();
        StringBuilder sb = new StringBuilder();
        for (TaskInfo t : dump.tasks()) {
            sb.append("Task '").append(t.name()).append("' (id ").append(t.id()).append(", ")
                    .append(t.state().name().toLowerCase(java.util.Locale.ROOT)).append(')');
            t.awaiting().ifPresent(a -> sb.append(" awaits ").append(a.description()));
            if (!t.awaitedBy().isEmpty()) {
                sb.append("; awaited by ").append(t.awaitedBy().stream().map(byId::get).filter(a -> a != null)
                        .map(a -> "'" + a.name() + "'").collect(Collectors.joining(", ")));
            }
            sb.append('\n');
            for (StackTraceElement e : t.stack()) {
                sb.append("\tat ").append(e).append('\n');
            }
            if (!t.creationSite().isEmpty()) {
                sb.append("  created at:\n");
                for (StackTraceElement e : t.creationSite()) {
                    sb.append("\tat ").append(e).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
