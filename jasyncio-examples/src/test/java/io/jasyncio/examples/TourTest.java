package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TourTest {
    @Test
    void everyExampleHasAUniqueNameAndADescription() {
        Set<String> names = new HashSet<>();
        for (Example e : Examples.ALL) {
            assertTrue(names.add(e.name()), "duplicate name " + e.name());
            assertFalse(e.description().isBlank(), e.name());
            assertEquals(e, Examples.byName(e.name()).orElseThrow());
        }
    }
}
