/**
 * jasyncio: Python's asyncio for Java 25.
 */
module io.jasyncio {
    requires jdk.jfr; // LoopEvents: jasyncio's Flight Recorder events
    requires jdk.unsupported; // sun.misc.Signal, for Runner's Ctrl-C handling
    requires java.management; // TaskDumpMBean: the loops' task dumps over JMX
    requires static jdk.attach; // RemoteTaskDump (./jasyncio ps/pstree PID), a command-line tool only
    exports io.jasyncio;
    exports io.jasyncio.streams;
    exports io.jasyncio.transports;
    exports io.jasyncio.locks;
    exports io.jasyncio.queues;
    exports io.jasyncio.subprocess;
    exports io.jasyncio.files;
    exports io.jasyncio.db;
    requires transitive java.sql;
    exports io.jasyncio.tls;
}
