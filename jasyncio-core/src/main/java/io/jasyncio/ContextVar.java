package io.jasyncio;

import io.jasyncio.internal.ContextCell;

import java.util.NoSuchElementException;

/**
 * A context variable: Python's {@code contextvars.ContextVar}. Its value lives in the current
 * {@link Context}, so each task (and each callback) sees the values of the context it runs in:
 * a task starts with a copy of its creator's values, and what it sets is not seen by its creator
 * or by other tasks. Use it where asyncio code uses {@code ContextVar}; it replaces
 * {@code ThreadLocal} for per-request state in tasks and callbacks (see docs/context.md).
 *
 * <p>Thread-safe: {@link #get} and {@link #set} act on the calling thread's current context.
 * Variables are compared by identity; create them once (in a {@code static final} field), as
 * Python creates them at module level.
 *
 * @param <T> the type of the value
 */
public final class ContextVar<T> {
    private static final Object NO_DEFAULT = new Object();

    private final String name;
    private final Object defaultValue;

    /** A variable with no default: {@link #get()} throws while it has no value. */
    public ContextVar(String name) {
        this.name = checkName(name);
        this.defaultValue = NO_DEFAULT;
    }

    /** A variable whose {@link #get()} returns {@code defaultValue} while it has no value. */
    public ContextVar(String name, T defaultValue) {
        this.name = checkName(name);
        this.defaultValue = defaultValue;
    }

    private static String checkName(String name) {
        if (name == null) {
            throw new NullPointerException("name must not be null");
        }
        return name;
    }

    /** The variable's name. */
    public String name() {
        return name;
    }

    /**
     * The value in the current context, else the variable's default.
     *
     * @throws NoSuchElementException (asyncio's {@code LookupError}) if there is neither
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object v = Context.currentValue(this);
        if (v != Context.ABSENT) {
            return (T) v;
        }
        if (defaultValue == NO_DEFAULT) {
            throw new NoSuchElementException(toString());
        }
        return (T) defaultValue;
    }

    /** The value in the current context, else {@code defaultValue} (the variable's own default is not used). */
    @SuppressWarnings("unchecked")
    public T get(T defaultValue) {
        Object v = Context.currentValue(this);
        return v != Context.ABSENT ? (T) v : defaultValue;
    }

    /**
     * Sets the value in the current context and returns a token that {@link #reset} uses to
     * restore the previous value (or closes, in try-with-resources).
     */
    public Token<T> set(T value) {
        Context c = Context.currentForWrite(Context.cell());
        Object old = c.lookup(this);
        c.put(this, value);
        return new Token<>(c, this, old);
    }

    /**
     * Restores the value this variable had before the {@link #set} that made {@code token}
     * (removing it from the context if it had none).
     *
     * @throws IllegalStateException if the token was used already (asyncio's {@code RuntimeError})
     * @throws IllegalArgumentException if the token was made by another variable or in another
     *         context than the current one (asyncio's {@code ValueError})
     */
    public void reset(Token<T> token) {
        if (token == null) {
            throw new NullPointerException("token must not be null");
        }
        if (token.used) {
            throw new IllegalStateException(token + " has already been used once");
        }
        if (token.var != this) {
            throw new IllegalArgumentException(token + " was created by a different ContextVar");
        }
        ContextCell cell = Context.cell();
        Context c = cell.vars;
        if (c != token.context) {
            throw new IllegalArgumentException(token + " was created in a different Context");
        }
        token.used = true;
        if (token.oldValue == Context.ABSENT) {
            c.remove(this);
        } else {
            c.put(this, token.oldValue);
        }
    }

    @Override
    public String toString() {
        return "<ContextVar name='" + name + "'" + (defaultValue == NO_DEFAULT ? "" : " default=" + defaultValue) + ">";
    }

    /**
     * What {@link ContextVar#set} returns: Python's {@code contextvars.Token}. Give it to
     * {@link ContextVar#reset} once, or use it in try-with-resources (Python 3.14's
     * {@code with var.set(value):}) to restore the previous value at the end of the block.
     *
     * @param <T> the type of the variable's value
     */
    public static final class Token<T> implements AutoCloseable {
        final Context context;
        final ContextVar<T> var;
        final Object oldValue;
        boolean used;

        Token(Context context, ContextVar<T> var, Object oldValue) {
            this.context = context;
            this.var = var;
            this.oldValue = oldValue;
        }

        /** The variable that made this token. */
        public ContextVar<T> var() {
            return var;
        }

        /** Whether the variable had a value before the {@code set} (Python: {@code old_value is not Token.MISSING}). */
        public boolean hasOldValue() {
            return oldValue != Context.ABSENT;
        }

        /** The value before the {@code set}, or null if it had none (see {@link #hasOldValue()}). */
        @SuppressWarnings("unchecked")
        public T oldValue() {
            return oldValue == Context.ABSENT ? null : (T) oldValue;
        }

        /** {@link ContextVar#reset} with this token. */
        @Override
        public void close() {
            var.reset(this);
        }

        @Override
        public String toString() {
            return "<Token" + (used ? " used" : "") + " var=" + var + ">";
        }
    }
}
