package io.jasyncio.examples;

import java.util.List;
import java.util.Optional;

/** Every example, in the order the tour shows them. */
public final class Examples {
    private Examples() {}

    /** All examples, in tour order. */
    public static final List<Example> ALL = List.of(
            new HelloWorld(),
            new SayAfterGather(),
            new TaskGroupSayAfter(),
            new GatherFetches(),
            new AsCompletedFetches(),
            new WaitForEternity(),
            new ShieldSave(),
            new ToThreadBlocking()
    );

    /** The example with this name, if any. */
    public static Optional<Example> byName(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
