package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExceptionGroupTest {
    private final IOException io = new IOException("io");
    private final IllegalStateException state = new IllegalStateException("state");
    private final IOException deepIo = new IOException("deep io");
    private final ExceptionGroup nested = new ExceptionGroup("inner", List.of(deepIo, new ArithmeticException("x")));
    private final ExceptionGroup group = new ExceptionGroup("outer", List.of(io, state, nested));

    @Test
    void messageCountsTheMembers() {
        assertEquals("outer (3 sub-exceptions)", group.getMessage());
        assertEquals("outer", group.message());
        assertEquals(List.of(io, state, nested), group.exceptions());
        assertThrows(IllegalArgumentException.class, () -> new ExceptionGroup("empty", List.of()));
    }

    @Test
    void subgroupKeepsTheNesting() {
        ExceptionGroup ios = group.subgroup(IOException.class);
        assertEquals("outer", ios.message());
        assertEquals(2, ios.exceptions().size());
        assertSame(io, ios.exceptions().get(0));
        ExceptionGroup inner = (ExceptionGroup) ios.exceptions().get(1);
        assertEquals(List.of(deepIo), inner.exceptions());
        assertNull(group.subgroup(UnsupportedOperationException.class));
        assertSame(group, group.subgroup(ExceptionGroup.class), "the group itself matches");
        assertSame(group, group.subgroup(RuntimeException.class::isInstance));
    }

    @Test
    void splitGivesBothHalves() {
        ExceptionGroup.Split s = group.split(RuntimeException.class);
        assertSame(group, s.matching(), "ExceptionGroup is a RuntimeException");
        s = group.split(e -> e instanceof IOException);
        assertEquals(2, s.matching().exceptions().size());
        assertEquals(2, s.rest().exceptions().size());
        assertSame(state, s.rest().exceptions().get(0));
        ExceptionGroup restInner = (ExceptionGroup) s.rest().exceptions().get(1);
        assertInstanceOf(ArithmeticException.class, restInner.exceptions().get(0));
        ExceptionGroup.Split none = group.split(e -> e instanceof Error);
        assertNull(none.matching());
        assertSame(group, none.rest());
    }
}
