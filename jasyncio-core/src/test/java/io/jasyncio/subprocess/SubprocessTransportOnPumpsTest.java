package io.jasyncio.subprocess;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SubprocessTransportTest} on the JDK's Process path with pump threads (the fallback without native access). */
@ExtendWith(OnPumps.class)
class SubprocessTransportOnPumpsTest extends SubprocessTransportTest {}
