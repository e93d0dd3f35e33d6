package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Which task scheduler a JVM gets, decided in fresh child JVMs. */
class SchedulerChoiceTest {
    private static final String OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    private static String run(String... jvmArgs) throws Exception {
        return ChildJvm.run(SchedulerChoiceMain.class, jvmArgs);
    }

    @Test
    void theFlagSelectsTheLoopScheduler() throws Exception {
        String out = run(OPENS);
        assertTrue(out.contains("scheduler=loop"), out);
        assertTrue(out.contains("result=42"), out);
        assertFalse(out.contains("portable task scheduler"), out);
    }

    @Test
    void withoutTheFlagThePortableSchedulerIsUsedWithOneWarningNamingIt() throws Exception {
        String out = run();
        assertTrue(out.contains("scheduler=portable"), out);
        assertTrue(out.contains("result=42"), out);
        assertTrue(out.contains("--add-opens java.base/java.lang=ALL-UNNAMED"), out);
    }

    @Test
    void thePropertyForcesTheChoice() throws Exception {
        String portable = run(OPENS, "-Djasyncio.scheduler=portable");
        assertTrue(portable.contains("scheduler=portable"), portable);
        assertFalse(portable.contains("WARNING"), portable);
        String loopWithoutFlag = run("-Djasyncio.scheduler=loop");
        assertTrue(loopWithoutFlag.contains("error=the loop scheduler needs the JVM option --add-opens"), loopWithoutFlag);
        String bad = run("-Djasyncio.scheduler=fast");
        assertTrue(bad.contains("error=-Djasyncio.scheduler=fast is not a scheduler: use 'loop' or 'portable'"), bad);
    }
}
