package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;

import org.junit.jupiter.api.Test;

/** The loops' MBean in this JVM: every open loop's tasks, one header per loop, through the platform server. */
class TaskDumpMBeanTest {
    @Test
    void theMBeanShowsTheTasksOfEveryOpenLoop() throws Exception {
        TaskDumpMBean.register();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(TaskDumpMBean.NAME);
        EventLoop idle = Loops.newLoop();
        EventLoop busy = Loops.newLoop();
        try {
            busy.runUntilComplete(() -> {
                Future<Void> never = busy.createFuture();
                Task<Void> parked = busy.createTask(() -> { never.await(); }, "mbean-parked");
                Asyncio.sleep(0);
                String tree = (String) server.invoke(name, "pstree", new Object[0], new String[0]);
                assertTrue(tree.contains("# event loop " + busy.loopId() + "\n"), tree);
                assertTrue(tree.contains("# event loop " + idle.loopId() + "\n"), "a loop not running is listed too:\n" + tree);
                assertTrue(tree.contains("└── (T) mbean-parked\n"), tree);
                String ps = (String) server.invoke(name, "ps", new Object[0], new String[0]);
                assertTrue(ps.lines().anyMatch(l -> l.startsWith(busy.loopId() + " ") && l.contains("mbean-parked")), ps);
                assertTrue((Integer) server.getAttribute(name, "OpenLoops") >= 2);
                assertThrows(ReflectionException.class, () -> server.invoke(name, "top", new Object[0], new String[0]));
                never.setResult(null);
                parked.await();
                return null;
            });
        } finally {
            busy.close();
            idle.close();
        }
        String after = TaskDumpMBean.render("pstree");
        assertTrue(!after.contains("# event loop " + busy.loopId() + "\n"), "a closed loop leaves the registry:\n" + after);
    }
}
