package io.jasyncio.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * An order checker for interleavings, in the style of kotlinx.coroutines' test
 * {@code expect(n)}/{@code finish(n)}: every step of the test (in any task or callback) states
 * its number, and the test fails at the first step out of order, instead of sleeping and hoping.
 *
 * <p>Loop-confined, like the code it checks. A parameter of type {@code Sequencer} in an
 * {@link AsyncioTest} method gets a fresh one, and the test fails if {@link #expect} was called
 * but {@link #finish} never was (the last steps did not run).
 *
 * <pre>{@code
 * seq.expect(1);
 * Task<Void> t = Asyncio.createTask(() -> seq.expect(3));
 * seq.expect(2);
 * t.await();
 * seq.finish(4);
 * }</pre>
 */
public final class Sequencer {
    private int next = 1;
    private boolean finished;
    private final List<Integer> steps = new ArrayList<>();

    /** A sequencer whose first expected step is 1. */
    public Sequencer() {}

    /**
     * States that step {@code n} runs now.
     *
     * @throws AssertionError if {@code n} is not the next step, or {@link #finish} was called
     */
    public void expect(int n) {
        if (finished) {
            throw new AssertionError("step " + n + " after finish(" + (next - 1) + "); steps so far: " + steps);
        }
        if (n != next) {
            throw new AssertionError("step " + n + " out of order: expected step " + next + "; steps so far: " + steps);
        }
        steps.add(n);
        next++;
    }

    /**
     * States that step {@code n} is the last one; any later {@link #expect} fails.
     *
     * @throws AssertionError if {@code n} is not the next step
     */
    public void finish(int n) {
        expect(n);
        finished = true;
    }

    /**
     * States that this point is never reached (a branch that must not run).
     *
     * @throws AssertionError always
     */
    public void expectUnreached() {
        throw new AssertionError("reached a point that must not be reached; steps so far: " + steps);
    }

    /** How many steps have run. */
    public int count() {
        return next - 1;
    }

    /** Whether {@link #finish} was called. */
    public boolean finished() {
        return finished;
    }

    /** Whether {@link #expect} was called at least once. */
    public boolean started() {
        return next > 1;
    }

    @Override
    public String toString() {
        return "Sequencer" + steps + (finished ? " finished" : "");
    }
}
