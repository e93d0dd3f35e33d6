package io.jasyncio;

import io.jasyncio.internal.ContextCell;
import io.jasyncio.internal.Fiber;
import io.jasyncio.internal.Sneaky;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mapping of {@link ContextVar}s to values: Python's {@code contextvars.Context}.
 *
 * <p>Every thread runs in a current context. A task runs in the context it was created with (a
 * copy of its creator's, or the one given to {@link EventLoop#createTask(Coroutine, String,
 * Context)}); a callback scheduled with {@code callSoon}, {@code callLater}, {@code callAt},
 * {@code callSoonThreadsafe} or {@code addDoneCallback} runs in a copy of the context current when
 * it was scheduled, so a value it sets is seen by nobody else, under both task schedulers.
 * {@link #run} enters a context for the duration of a call; {@link ContextVar#set} changes the
 * current context only.
 *
 * <p>The mapping is immutable underneath (asyncio's is a HAMT; ours a copy-on-write array, since a
 * context holds a handful of variables): copying a context is O(1) and a copy never sees later
 * writes to the original. The accessors here are a read-only view. Thread-safe to read; a context
 * is entered by one thread at a time.
 */
public final class Context {
    private static final Object[] EMPTY = {};
    /** The current context of threads that are not tasks (the loop's thread, plain threads). */
    private static final ThreadLocal<ContextCell> THREAD_CELLS = ThreadLocal.withInitial(ContextCell::new);
    private static final VarHandle ENTERED;

    static {
        try {
            ENTERED = MethodHandles.lookup().findVarHandle(Context.class, "entered", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** var0, value0, var1, value1, ...: never mutated, replaced on every write. */
    private Object[] data;
    private volatile boolean entered;

    /** A new empty context, as {@code contextvars.Context()}. */
    public Context() {
        this(EMPTY);
    }

    private Context(Object[] data) {
        this.data = data;
    }

    /**
     * For a new task: a copy of the calling thread's current context, or null when that is empty
     * (the task then makes its own empty context only when something needs it).
     */
    static Context copyContextOrNull() {
        Context c = cell().vars;
        return c == null || c.data.length == 0 ? null : new Context(c.data);
    }

    /** A copy of the calling thread's current context: {@code contextvars.copy_context()}. */
    public static Context copyContext() {
        Context c = cell().vars;
        return new Context(c == null ? EMPTY : c.data);
    }

    /** A shallow copy of this context: later writes to either are not seen by the other. */
    public Context copy() {
        return new Context(data);
    }

    /**
     * Calls {@code fn} with this context as the current one and returns its result; what
     * {@code fn} sets through {@link ContextVar#set} is written here. Inside a task {@code fn} may
     * suspend; the context stays entered until it returns. Exceptions pass through unchanged.
     *
     * @throws IllegalStateException "cannot enter context: ... is already entered" if this context
     *         is current in some thread already (asyncio's {@code RuntimeError})
     */
    public <T> T run(Coroutine<T> fn) {
        if (fn == null) {
            throw new NullPointerException("fn must not be null");
        }
        ContextCell cell = cell();
        if (cell.vars == this || !ENTERED.compareAndSet(this, false, true)) {
            throw new IllegalStateException("cannot enter context: " + this + " is already entered");
        }
        Context saved = currentForWrite(cell); // the context to come back to, made now if it was empty
        cell.vars = this;
        try {
            return fn.call();
        } catch (Exception e) {
            throw Sneaky.raise(e);
        } finally {
            cell.vars = saved;
            entered = false;
        }
    }

    /** {@link #run(Coroutine)} for a body without a value. */
    public void run(VoidCoroutine fn) {
        if (fn == null) {
            throw new NullPointerException("fn must not be null");
        }
        run(fn.asCoroutine());
    }

    /** The variable's value in this context, or null if it has none here (defaults are not used). */
    public <T> T get(ContextVar<T> var) {
        return get(var, null);
    }

    /** The variable's value in this context, or {@code defaultValue} if it has none here. */
    @SuppressWarnings("unchecked")
    public <T> T get(ContextVar<T> var, T defaultValue) {
        Object v = lookup(checkVar(var));
        return v == ABSENT ? defaultValue : (T) v;
    }

    /** Whether the variable has a value in this context ({@code var in ctx}). */
    public boolean contains(ContextVar<?> var) {
        return lookup(checkVar(var)) != ABSENT;
    }

    /** How many variables have a value here ({@code len(ctx)}). */
    public int size() {
        return data.length / 2;
    }

    /** The variables that have a value here, in the order they were first set (a snapshot). */
    public Set<ContextVar<?>> keys() {
        Object[] d = data;
        Set<ContextVar<?>> keys = new LinkedHashSet<>();
        for (int i = 0; i < d.length; i += 2) {
            keys.add((ContextVar<?>) d[i]);
        }
        return Collections.unmodifiableSet(keys);
    }

    /** The values, in the order of {@link #keys()} (a snapshot). */
    public List<Object> values() {
        Object[] d = data;
        List<Object> values = new ArrayList<>(d.length / 2);
        for (int i = 1; i < d.length; i += 2) {
            values.add(d[i]);
        }
        return Collections.unmodifiableList(values);
    }

    /** The whole mapping as an unmodifiable snapshot ({@code dict(ctx)}). */
    public Map<ContextVar<?>, Object> asMap() {
        Object[] d = data;
        Map<ContextVar<?>, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < d.length; i += 2) {
            m.put((ContextVar<?>) d[i], d[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<Context {");
        Object[] d = data;
        for (int i = 0; i < d.length; i += 2) {
            sb.append(i == 0 ? "" : ", ").append(((ContextVar<?>) d[i]).name()).append('=').append(d[i + 1]);
        }
        return sb.append("}>").toString();
    }

    private static ContextVar<?> checkVar(ContextVar<?> var) {
        if (var == null) {
            throw new NullPointerException("var must not be null");
        }
        return var;
    }

    // ----- the runtime's side: the current context, capture, and the map itself -----

    /** Marks "no value" in lookups (a value may be null). */
    static final Object ABSENT = new Object();

    /** The calling thread's cell: its task's fiber, or a thread local for other threads. */
    static ContextCell cell() {
        Thread t = Thread.currentThread();
        if (t.isVirtual() && t.getUncaughtExceptionHandler() instanceof Fiber f) {
            return f;
        }
        return THREAD_CELLS.get();
    }

    /** The cell of the calling platform thread (the loop caches its own for the whole run). */
    static ContextCell threadCell() {
        return THREAD_CELLS.get();
    }

    /**
     * What a run-once callback captures: a copy of the current context, or null when it is empty
     * (the callback then runs in a fresh empty context made only if it sets a variable).
     */
    static Context captureForCallback() {
        Context c = cell().vars;
        return c == null || c.data.length == 0 ? null : new Context(c.data);
    }

    /** The calling thread's current context, made (empty) if it has none yet: ContextVar.set's target. */
    static Context currentForWrite(ContextCell cell) {
        Context c = cell.vars;
        if (c == null) {
            c = cell.contextForFirstWrite();
            cell.vars = c;
        }
        return c;
    }

    /** The current context's value of {@code var}, or {@link #ABSENT}. */
    static Object currentValue(ContextVar<?> var) {
        Context c = cell().vars;
        return c == null ? ABSENT : c.lookup(var);
    }

    Object lookup(ContextVar<?> var) {
        Object[] d = data;
        for (int i = 0; i < d.length; i += 2) {
            if (d[i] == var) {
                return d[i + 1];
            }
        }
        return ABSENT;
    }

    void put(ContextVar<?> var, Object value) {
        Object[] d = data;
        for (int i = 0; i < d.length; i += 2) {
            if (d[i] == var) {
                Object[] n = d.clone();
                n[i + 1] = value;
                data = n;
                return;
            }
        }
        Object[] n = Arrays.copyOf(d, d.length + 2);
        n[d.length] = var;
        n[d.length + 1] = value;
        data = n;
    }

    void remove(ContextVar<?> var) {
        Object[] d = data;
        for (int i = 0; i < d.length; i += 2) {
            if (d[i] == var) {
                Object[] n = new Object[d.length - 2];
                System.arraycopy(d, 0, n, 0, i);
                System.arraycopy(d, i + 2, n, i, d.length - i - 2);
                data = n;
                return;
            }
        }
    }
}
