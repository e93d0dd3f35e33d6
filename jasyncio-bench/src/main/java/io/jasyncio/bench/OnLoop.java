package io.jasyncio.bench;

import io.jasyncio.EventLoop;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every loop benchmark shares: one loop per trial, opened through {@link LoopFixture} (so a
 * run on the wrong scheduler fails instead of measuring it), time per operation in nanoseconds,
 * and a fork with the add-opens flag the fast scheduler needs (the annotations are inherited; a
 * command-line option still overrides each of them).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class OnLoop {
    protected EventLoop loop;

    /** The scheduler to measure; benchmarks with a scheduler parameter return it. */
    protected String scheduler() {
        return "loop";
    }

    /** Runs once the loop is open, for benchmarks that park tasks before measuring. */
    protected void onLoopOpened() {
    }

    @Setup(Level.Trial)
    public final void openLoop() {
        loop = LoopFixture.open(scheduler());
        onLoopOpened();
    }

    @TearDown(Level.Trial)
    public final void closeLoop() {
        loop.close();
    }
}
