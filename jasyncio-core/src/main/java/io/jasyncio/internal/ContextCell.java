package io.jasyncio.internal;

import io.jasyncio.Context;

/**
 * Where a thread keeps the {@link Context} it runs in (CPython's per-thread {@code ts->context}).
 * A task's thread uses its {@link Fiber} (no thread local per task); every other thread gets one
 * from a thread local ({@code Context}'s lookup).
 *
 * <p>{@code null} means a fresh empty context that nobody has written to yet: a callback scheduled
 * from an empty context runs with {@code null} and only a {@code ContextVar.set} inside it makes
 * the context object, so the common case costs {@code callSoon} nothing.
 */
public class ContextCell {
    /** The entered context, or null for a fresh empty one. Touched only by the owning thread. */
    public Context vars;

    /**
     * The context a first {@code ContextVar.set} makes when {@link #vars} is null: a fresh one. A
     * task's cell returns the task's own context instead, which a task started from an empty
     * context makes only then (most tasks never set a variable, so most never pay for one).
     */
    public Context contextForFirstWrite() {
        return new Context();
    }
}
