package io.jasyncio.conformance;

import io.jasyncio.EventLoop;
import io.jasyncio.VoidCoroutine;
import io.jasyncio.testkit.VirtualLoop;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Shared by the conformance tests: CPython's per-class loop set-ups and its get_error_types. */
final class ConformanceLoop {
    private ConformanceLoop() {}

    /**
     * Runs {@code main} on a fresh virtual-clock loop, with eager tasks when {@code eager}: the
     * loop CPython's {@code TestEager*} classes make with {@code eager_task_factory}.
     */
    static void run(boolean eager, VoidCoroutine main) {
        EventLoop loop = VirtualLoop.newLoop();
        loop.setEagerTasks(eager);
        try {
            loop.runUntilComplete(main.asCoroutine());
        } finally {
            loop.close();
        }
    }

    /** CPython's {@code get_error_types(eg)}: the classes of a group's members. */
    static Set<Class<?>> errorTypes(List<Throwable> exceptions) {
        return exceptions.stream().map(Object::getClass).collect(Collectors.toSet());
    }
}
