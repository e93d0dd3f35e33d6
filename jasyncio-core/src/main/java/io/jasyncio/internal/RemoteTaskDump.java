package io.jasyncio.internal;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

import java.io.IOException;
import java.util.Set;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * {@code ./jasyncio ps PID} and {@code ./jasyncio pstree PID}: prints the task dump of another
 * running JVM, as Python 3.14's {@code python -m asyncio ps/pstree PID} does for a Python process.
 * It attaches to the JVM (the Attach API: same user, same machine), starts its local JMX agent if
 * it is not running (the target is not stopped or paused), and calls the operation of its
 * {@code io.jasyncio:type=EventLoops} MBean, which every JVM that ran an event loop registers.
 */
public final class RemoteTaskDump {
    private RemoteTaskDump() {}

    private static final Set<String> OPERATIONS = Set.of("ps", "pstree", "stacks");

    /** {@code RemoteTaskDump ps|pstree|stacks PID}; exit 1 on failure (with the reason), 2 on bad usage. */
    public static void main(String[] args) {
        if (args.length != 2 || !OPERATIONS.contains(args[0]) || !args[1].matches("\\d+")) {
            System.err.println("usage: ./jasyncio ps PID | pstree PID | stacks PID"
                    + "   (PID: a running JVM that uses jasyncio, e.g. from jps)");
            System.exit(2);
        }
        try {
            System.out.print(fetch(args[1], args[0]));
            System.out.flush();
        } catch (IOException | JMException | AttachNotSupportedException | IllegalStateException e) {
            System.err.println("jasyncio " + args[0] + " " + args[1] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * The text of {@code operation} ({@code ps}, {@code pstree} or {@code stacks}) for the JVM
     * {@code pid}.
     *
     * @throws IllegalStateException if that JVM has no jasyncio MBean (it never ran an event loop,
     *                               or it runs with {@code -Djasyncio.jmx=false})
     */
    public static String fetch(String pid, String operation)
            throws IOException, JMException, AttachNotSupportedException {
        Args.notNull(pid, "pid");
        if (!OPERATIONS.contains(Args.notNull(operation, "operation"))) {
            throw new IllegalArgumentException("operation must be ps, pstree or stacks, not " + operation);
        }
        VirtualMachine vm = VirtualMachine.attach(pid);
        try {
            String address = vm.startLocalManagementAgent();
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName name = new ObjectName("io.jasyncio:type=EventLoops");
                if (!server.isRegistered(name)) {
                    throw new IllegalStateException("JVM " + pid + " has no jasyncio event loop (no MBean " + name
                            + "; it registers when a loop first runs, unless -Djasyncio.jmx=false)");
                }
                return (String) server.invoke(name, operation, new Object[0], new String[0]);
            }
        } finally {
            vm.detach();
        }
    }
}
