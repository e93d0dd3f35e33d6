package io.jasyncio.subprocess;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class on the JDK's {@code Process} path (pipes moved by pump threads), the one taken
 * without native access, by setting {@code jasyncio.subprocess.pumps} around the class; the same
 * class without it runs on the selector-watched socket path (the test JVMs enable native access).
 */
final class OnPumps implements BeforeAllCallback, AfterAllCallback {
    static final String PROPERTY = "jasyncio.subprocess.pumps";

    @Override
    public void beforeAll(ExtensionContext context) {
        System.setProperty(PROPERTY, "true");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.clearProperty(PROPERTY);
    }

    /** Whether children started now get pump threads. */
    static boolean active() {
        return Boolean.getBoolean(PROPERTY);
    }
}
