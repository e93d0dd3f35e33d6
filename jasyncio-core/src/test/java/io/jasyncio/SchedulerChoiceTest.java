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
        assertTrue(loopWithoutFlag.contains("error=the loop scheduler cannot be used: the JVM was started without --add-opens"), loopWithoutFlag);
        String bad = run("-Djasyncio.scheduler=fast");
        assertTrue(bad.contains("error=-Djasyncio.scheduler=fast is not a scheduler: use 'loop' or 'portable'"), bad);
    }

    @Test
    void aJdkWithoutTheHiddenConstructorGetsThePortableSchedulerAndAWarningSayingWhy() throws Exception {
        // Simulates a future JDK where ThreadBuilders$VirtualThreadBuilder(Executor) is gone.
        String out = run(OPENS, "-Djasyncio.internal.builderClass=java.lang.NoSuchBuilder");
        assertTrue(out.contains("scheduler=portable"), out);
        assertTrue(out.contains("result=42"), out);
        assertTrue(out.contains("the fast one is not possible on this JDK"), out);
        assertTrue(out.contains("has no java.lang.NoSuchBuilder(Executor) constructor"), out);
        String forced = run(OPENS, "-Djasyncio.internal.builderClass=java.lang.NoSuchBuilder", "-Djasyncio.scheduler=loop");
        assertTrue(forced.contains("error=the loop scheduler cannot be used: this JDK"), forced);
    }

    @Test
    void aConstructorThatMeansSomethingElseFailsTheSelfCheck() throws Exception {
        String out = run(OPENS, "-Djasyncio.internal.builderClass=" + ChangedJdkBuilder.class.getName());
        assertTrue(out.contains("scheduler=portable"), out);
        assertTrue(out.contains("does not behave as jasyncio expects: java.lang.ClassCastException"), out);
        assertTrue(out.contains("result=42"), out);
    }
}
