package io.jasyncio;

import java.util.concurrent.Executor;

/**
 * A stand-in for a changed JDK, used by {@link SchedulerChoiceTest}: it has the
 * {@code (Executor)} constructor jasyncio looks for, but what it builds is no virtual-thread builder.
 */
public final class ChangedJdkBuilder {
    public ChangedJdkBuilder(Executor executor) {}
}
