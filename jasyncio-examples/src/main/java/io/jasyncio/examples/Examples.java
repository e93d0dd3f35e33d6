package io.jasyncio.examples;

import java.util.List;
import java.util.Optional;

/** Every example, in the order the tour shows them. */
public final class Examples {
    private Examples() {}

    /** All examples, in tour order. */
    public static final List<Example> ALL = List.of(
            new HelloWorld(),
            // sync primitives and queues
            new QueueWorkers(),
            new BoundedPipeline(),
            new LimitedDownloads(),
            new BarrierGroup(),
            new ThreadFeed()
    );

    /** The example with this name, if any. */
    public static Optional<Example> byName(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
