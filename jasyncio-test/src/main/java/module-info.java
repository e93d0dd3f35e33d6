/**
 * jasyncio-test: a testing kit for code written on jasyncio. {@code @AsyncioTest} runs a JUnit 5
 * test method as a task on a fresh loop with a virtual clock; in-memory streams and transports,
 * a fake server and a step sequencer make async code testable without sockets or sleeps.
 */
module io.jasyncio.test {
    requires transitive io.jasyncio;
    requires transitive org.junit.jupiter.api;
    exports io.jasyncio.testing;
}
