package io.jasyncio.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A JUnit 5 test method that runs as a task on a fresh event loop with a virtual clock, in debug
 * mode: kotlinx.coroutines' {@code runTest}, pytest-asyncio's {@code @pytest.mark.asyncio} with
 * Trio's autojump clock. Sleeps and timeouts take no real time (a test that sleeps an hour ends in
 * milliseconds), so the test is fast and deterministic.
 *
 * <p>The test fails, besides its own assertions, when after its body:
 * <ul>
 *   <li>a task it started is still running (it is then cancelled by closing the loop);</li>
 *   <li>an exception set on a future or task was never retrieved;</li>
 *   <li>anything reached the loop's exception handler: an error in a callback, or the loop being
 *       blocked for longer than {@link #blockedAfter()} real seconds by one step (debug mode's
 *       watchdog), e.g. a {@code Thread.sleep} or a blocking read in a task;</li>
 *   <li>the body ran longer than {@link #timeout()} seconds of virtual time;</li>
 *   <li>a {@link Sequencer} parameter was used but not {@link Sequencer#finish finished}.</li>
 * </ul>
 * A method may declare parameters of type {@link io.jasyncio.EventLoop} (the test's loop) and
 * {@link Sequencer} (a fresh one). {@code @BeforeEach} and {@code @AfterEach} methods run outside
 * the loop. A test that expects reports installs its own exception handler on the loop.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(AsyncioExtension.class)
public @interface AsyncioTest {
    /** Seconds of virtual time the body may run before it is cancelled and the test fails. */
    double timeout() default 60;

    /**
     * Real seconds one step (a callback or a stretch of a task between two awaits) may hold the
     * loop thread before the test fails as "loop blocked" (the loop's slow-callback duration).
     */
    double blockedAfter() default 1.0;

    /**
     * Loop time, in seconds, at which the virtual clock starts ({@link io.jasyncio.EventLoop#useVirtualClock(double)}):
     * 0 by default, so {@code time()} reads the same in every run (kotlinx.coroutines' {@code runTest}
     * and asyncio's test loop start at 0 too). A large origin, say {@code 1e6}, makes deadline
     * arithmetic on {@code time()} round as it does on a machine that has been up for days.
     */
    double clockOrigin() default 0;
}
