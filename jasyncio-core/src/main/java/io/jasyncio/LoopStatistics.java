package io.jasyncio;

/**
 * A snapshot of an event loop's counters, from {@link EventLoop#statistics()}: what the loop has
 * done since it was created. Immutable. The counters are plain fields the loop thread updates
 * (no atomics on the hot path), so a snapshot taken from another thread may lag slightly.
 *
 * @param tasksAlive tasks created and not done yet
 * @param stepsRun task steps started (a first step or a resumption after an await)
 * @param callbacksRun callbacks run: {@code callSoon}, timers, done callbacks, I/O readiness
 * @param timersPending timers scheduled and not cancelled or run yet
 * @param selectorPolls times the loop polled its selector (waiting or not)
 * @param wakeUps waits in the selector that ended with work handed in from another thread
 *                ({@code callSoonThreadsafe}, a task woken from outside)
 * @param busySeconds real time spent running (callbacks, steps, bookkeeping) while the loop ran
 * @param idleSeconds real time spent waiting in the selector while the loop ran
 * @param bytesRead bytes the loop's socket and datagram transports received (TLS: the encrypted
 *                  bytes; subprocess pipes are not counted)
 * @param bytesWritten bytes the loop's socket and datagram transports handed to the network
 */
public record LoopStatistics(int tasksAlive, long stepsRun, long callbacksRun, int timersPending, long selectorPolls,
        long wakeUps, double busySeconds, double idleSeconds, long bytesRead, long bytesWritten) {}
