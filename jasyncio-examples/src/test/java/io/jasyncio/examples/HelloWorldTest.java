package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HelloWorldTest {
    @Test
    void printsHelloThenWorld() throws Exception {
        assertEquals("Hello ...\n... World!\n", ExampleOutput.of(new HelloWorld()));
    }
}
