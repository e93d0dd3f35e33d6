package io.jasyncio.examples;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExampleArgsTest {
    @Test
    void servePortIsReadWhenGiven() {
        assertEquals(OptionalInt.of(8080), ExampleArgs.servePort(new String[] {"--serve", "8080"}));
        assertEquals(OptionalInt.empty(), ExampleArgs.servePort(new String[] {}));
        assertEquals(Optional.of("http://x/"), ExampleArgs.option(new String[] {"--url", "http://x/"}, "--url"));
    }

    @Test
    void badValuesAreRefusedWithTheOptionNamed() {
        var missing = assertThrows(IllegalArgumentException.class, () -> ExampleArgs.servePort(new String[] {"--serve"}));
        assertEquals("--serve needs a value", missing.getMessage());
        var notInt = assertThrows(IllegalArgumentException.class, () -> ExampleArgs.servePort(new String[] {"--serve", "x"}));
        assertEquals("--serve needs an integer, got 'x'", notInt.getMessage());
        var range = assertThrows(IllegalArgumentException.class, () -> ExampleArgs.servePort(new String[] {"--serve", "70000"}));
        assertEquals("--serve needs a port in 0..65535, got 70000", range.getMessage());
    }
}
