package io.jasyncio.internal;

import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;

/**
 * The fast scheduler's start-up self-check: starts one virtual thread through the hidden
 * {@code VirtualThreadBuilder(Executor)} constructor with an executor that runs its step at once,
 * so that a JDK that changed what the constructor means (another parameter's role, a builder that
 * ignores the executor) is noticed before any loop relies on it, and the portable scheduler used.
 *
 * <p>A class of its own, run on a platform thread of its own: a continuation may only run on a
 * platform thread (the first loop may be created inside a task), and the checking thread must not
 * touch {@link LoopScheduler}, whose class initialisation waits for this check.
 */
final class BuilderSelfCheck implements Runnable {
    private final Constructor<?> ctor;
    private volatile String verdict = "the self-check did not finish";

    private BuilderSelfCheck(Constructor<?> ctor) {
        this.ctor = ctor;
    }

    /** Null when the constructor builds loop-schedulable virtual threads, else what is wrong. */
    static String run(Constructor<?> ctor) {
        BuilderSelfCheck check = new BuilderSelfCheck(ctor);
        Thread checker = Thread.ofPlatform().name("jasyncio-scheduler-check").unstarted(check);
        checker.start();
        Threads.joinUninterruptibly(checker);
        return check.verdict;
    }

    @Override
    public void run() {
        try {
            boolean[] scheduled = {false};
            Thread[] ranOn = {null};
            Executor inline = step -> {
                scheduled[0] = true;
                step.run();
            };
            Thread.Builder.OfVirtual b = (Thread.Builder.OfVirtual) ctor.newInstance(inline);
            Thread t = b.unstarted(() -> ranOn[0] = Thread.currentThread());
            t.start();
            if (!scheduled[0]) {
                verdict = "the executor was never given the thread's first step";
            } else if (ranOn[0] != t || !t.isVirtual()) {
                verdict = "the step did not run the thread's body on a virtual thread";
            } else {
                verdict = null;
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            verdict = e.toString();
        }
    }
}
