package io.jasyncio.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SequencerTest {
    @Test
    void stepsInOrderPass() {
        Sequencer s = new Sequencer();
        s.expect(1);
        s.expect(2);
        s.finish(3);
        assertEquals(3, s.count());
        assertTrue(s.finished());
    }

    @Test
    void aStepOutOfOrderFailsNamingTheExpectedOne() {
        Sequencer s = new Sequencer();
        s.expect(1);
        AssertionError e = assertThrows(AssertionError.class, () -> s.expect(3));
        assertTrue(e.getMessage().contains("expected step 2"), e.getMessage());
    }

    @Test
    void aStepAfterFinishFails() {
        Sequencer s = new Sequencer();
        s.finish(1);
        assertThrows(AssertionError.class, () -> s.expect(2));
    }

    @Test
    void unreachedAlwaysFails() {
        assertThrows(AssertionError.class, () -> new Sequencer().expectUnreached());
    }
}
