package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ContextVar, Token and Context on their own, pinned against CPython's Lib/test/test_context.py. */
class ContextVarTest {

    // test_context.py::ContextTest::test_context_var_new_1 / test_context_var_repr_1
    @Test
    void aVariableHasANameAndNoValueUntilSet() {
        ContextVar<Integer> v = new ContextVar<>("aa");
        assertEquals("aa", v.name());
        assertEquals("<ContextVar name='aa'>", v.toString());
        NoSuchElementException e = assertThrows(NoSuchElementException.class, v::get); // LookupError
        assertEquals("<ContextVar name='aa'>", e.getMessage());
        assertEquals(5, v.get(5));
        assertEquals("<ContextVar name='b' default=1>", new ContextVar<>("b", 1).toString());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> new ContextVar<>(null));
        assertEquals("name must not be null", npe.getMessage());
    }

    // test_context.py::ContextTest::test_context_getset_1
    @Test
    void setAndResetWithTokens() {
        ContextVar<String> c = new ContextVar<>("c");
        new Context().run(() -> {
            ContextVar.Token<String> t0 = c.set("spam");
            assertEquals("spam", c.get());
            assertSame(c, t0.var());
            assertFalse(t0.hasOldValue()); // Token.MISSING
            ContextVar.Token<String> t1 = c.set("ham");
            assertTrue(t1.hasOldValue());
            assertEquals("spam", t1.oldValue());
            c.reset(t1);
            assertEquals("spam", c.get());
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> c.reset(t1));
            assertTrue(twice.getMessage().endsWith("has already been used once"), twice.getMessage());
            c.reset(t0);
            assertThrows(NoSuchElementException.class, c::get);
            assertFalse(Context.copyContext().contains(c));
        });
    }

    // test_context.py::ContextTest::test_context_getset_2
    @Test
    void resetWithAnotherVariablesTokenIsAValueError() {
        ContextVar<String> a = new ContextVar<>("a");
        ContextVar<String> b = new ContextVar<>("b");
        new Context().run(() -> {
            ContextVar.Token<String> t = a.set("x");
            @SuppressWarnings({"unchecked", "rawtypes"})
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ((ContextVar) b).reset(t));
            assertTrue(e.getMessage().endsWith("was created by a different ContextVar"), e.getMessage());
        });
    }

    // test_context.py::ContextTest::test_context_getset_3
    @Test
    void resetInAnotherContextIsAValueError() {
        ContextVar<Integer> c = new ContextVar<>("c");
        ContextVar.Token<Integer> t = new Context().run(() -> c.set(42));
        new Context().run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.reset(t));
            assertTrue(e.getMessage().endsWith("was created in a different Context"), e.getMessage());
        });
    }

    // test_context.py::ContextTest::test_context_getset_5 (a token in try-with-resources: 3.14's `with var.set(v):`)
    @Test
    void aTokenRestoresThePreviousValueWhenClosed() {
        ContextVar<Integer> c = new ContextVar<>("c", 0);
        new Context().run(() -> {
            try (var t = c.set(1)) {
                assertEquals(1, c.get());
                try (var t2 = c.set(2)) {
                    assertEquals(2, c.get());
                }
                assertEquals(1, c.get());
            }
            assertEquals(0, c.get());
        });
    }

    // test_context.py::ContextTest::test_context_run_1 .. run_4, test_context_copy_1
    @Test
    void runEntersTheContextAndCopiesAreIndependent() {
        ContextVar<String> v = new ContextVar<>("v");
        Context ctx = new Context();
        assertEquals(0, ctx.size());
        assertNull(ctx.run(() -> v.get(null)));
        ctx.run(() -> {
            v.set("in ctx");
        });
        assertEquals("in ctx", ctx.get(v));
        assertEquals("in ctx", ctx.get(v, "default"));
        assertTrue(ctx.contains(v));
        assertEquals(Set.of(v), ctx.keys());
        assertEquals(List.of("in ctx"), ctx.values());
        assertEquals(Map.of(v, "in ctx"), ctx.asMap());
        assertThrows(UnsupportedOperationException.class, () -> ctx.keys().clear());

        Context copy = ctx.copy();
        copy.run(() -> {
            v.set("in copy");
        });
        assertEquals("in ctx", ctx.get(v));
        assertEquals("in copy", copy.get(v));
        assertEquals("<Context {v=in copy}>", copy.toString());
        assertEquals("no value", new Context().get(v, "no value"));
    }

    // test_context.py::ContextTest::test_context_run_5 (the context is left even when the call fails)
    @Test
    void runRestoresTheOuterContextWhenTheCallThrows() {
        ContextVar<String> v = new ContextVar<>("v");
        Context outer = new Context();
        outer.run(() -> {
            v.set("outer");
            Context inner = new Context();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> inner.run(() -> {
                v.set("inner");
                throw new IllegalArgumentException("boom");
            }));
            assertEquals("boom", e.getMessage());
            assertEquals("outer", v.get());
            assertEquals("inner", inner.get(v));
        });
    }

    // test_context.py::ContextTest::test_context_run_6 / test_context_run_7 (RuntimeError: already entered)
    @Test
    void enteringAnEnteredContextIsAnError() {
        Context ctx = new Context();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.run(() -> ctx.run(() -> 1)));
        assertEquals("cannot enter context: " + ctx + " is already entered", e.getMessage());
        assertEquals(1, ctx.run(() -> 1), "left after the failure: can be entered again");
    }

    // test_context.py::ContextTest::test_context_copy_1 (copy_context sees the current values, then diverges)
    @Test
    void copyContextIsASnapshotOfTheCurrentContext() {
        ContextVar<Integer> v = new ContextVar<>("v", -1);
        new Context().run(() -> {
            v.set(1);
            Context snap = Context.copyContext();
            v.set(2);
            assertEquals(1, snap.get(v));
            assertEquals(Integer.valueOf(1), snap.run(() -> v.get()));
            assertEquals(2, v.get());
        });
    }

    @Test
    void plainThreadsEachHaveTheirOwnContext() throws Exception {
        ContextVar<String> v = new ContextVar<>("v", "none");
        Context ctx = new Context();
        ctx.run(() -> {
            v.set("main");
            String[] other = new String[1];
            Thread t = Thread.ofPlatform().start(() -> other[0] = v.get());
            t.join();
            assertEquals("none", other[0]);
        });
    }
}
