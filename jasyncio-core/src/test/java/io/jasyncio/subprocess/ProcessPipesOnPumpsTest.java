package io.jasyncio.subprocess;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ProcessPipesTest} on the JDK's Process path with pump threads (the fallback without native access). */
@ExtendWith(OnPumps.class)
class ProcessPipesOnPumpsTest extends ProcessPipesTest {}
