package io.jasyncio;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;

/**
 * The JMX view of this JVM's event loops, {@code io.jasyncio:type=EventLoops}: operations
 * {@code pstree}, {@code ps} and {@code stacks} return the text of {@link TaskDump} for every open
 * loop, and {@code ./jasyncio ps PID} / {@code pstree PID} call them through the Attach API
 * (Python 3.14's {@code python -m asyncio ps/pstree PID}). Each loop takes its own dump between two
 * steps; a loop that does not answer within a second is reported as blocked, and the others still
 * answer. A dynamic MBean, so no interface needs exporting from jasyncio's module.
 */
final class TaskDumpMBean implements DynamicMBean {
    /** The MBean's name. */
    static final String NAME = "io.jasyncio:type=EventLoops";
    private static final String[] OPERATIONS = {"pstree", "ps", "stacks"};

    /** Registers the MBean with the platform server, unless it is already there. */
    static void register() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new TaskDumpMBean(), name);
            }
        } catch (InstanceAlreadyExistsException raced) {
            // registered meanwhile by another caller: that one serves
        } catch (JMException | RuntimeException e) {
            System.getLogger("io.jasyncio").log(System.Logger.Level.WARNING,
                    "cannot register the MBean " + NAME + " (./jasyncio ps/pstree will not see this JVM)", e);
        }
    }

    /** The text of one operation for every open loop. */
    static String render(String operation) {
        List<EventLoop> loops = LoopRegistry.loops();
        List<TaskDump> dumps = new ArrayList<>();
        StringBuilder blocked = new StringBuilder();
        for (EventLoop loop : loops) {
            try {
                dumps.add(loop.dumpTasks());
            } catch (IllegalStateException e) {
                blocked.append("loop ").append(loop.loopId()).append(": ").append(e.getMessage()).append('\n');
            } catch (RuntimeException e) {
                // A loop being closed unwinds its tasks on another thread while this one reads them.
                blocked.append("loop ").append(loop.loopId()).append(": no dump (").append(e).append(")\n");
            }
        }
        StringBuilder sb = new StringBuilder();
        if (operation.equals("ps")) {
            sb.append(TaskDumpFormat.ps(dumps));
        } else {
            for (TaskDump d : dumps) {
                if (dumps.size() > 1) {
                    sb.append("# event loop ").append(d.loopId()).append('\n');
                }
                sb.append(operation.equals("stacks") ? d.stacks() : d.pstree());
            }
        }
        return sb.append(blocked).toString();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws ReflectionException {
        for (String op : OPERATIONS) {
            if (op.equals(actionName)) {
                return render(op);
            }
        }
        throw new ReflectionException(new NoSuchMethodException(actionName),
                "unknown operation " + actionName + " (pstree, ps or stacks)");
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        if (attribute.equals("OpenLoops")) {
            return LoopRegistry.loops().size();
        }
        throw new AttributeNotFoundException(attribute);
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("read-only: " + attribute.getName());
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String a : attributes) {
            try {
                list.add(new Attribute(a, getAttribute(a)));
            } catch (AttributeNotFoundException e) {
                // left out, as the DynamicMBean contract asks
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        MBeanOperationInfo[] ops = {
            new MBeanOperationInfo("pstree", "the await tree of every loop's tasks (python -m asyncio pstree)",
                    new MBeanParameterInfo[0], "java.lang.String", MBeanOperationInfo.INFO),
            new MBeanOperationInfo("ps", "a table of every loop's tasks (python -m asyncio ps)",
                    new MBeanParameterInfo[0], "java.lang.String", MBeanOperationInfo.INFO),
            new MBeanOperationInfo("stacks", "every task with its whole stack",
                    new MBeanParameterInfo[0], "java.lang.String", MBeanOperationInfo.INFO),
        };
        MBeanAttributeInfo[] attrs = {
            new MBeanAttributeInfo("OpenLoops", "int", "event loops created and not closed", true, false, false),
        };
        return new MBeanInfo(TaskDumpMBean.class.getName(), "jasyncio's event loops and their tasks", attrs, null, ops,
                null);
    }
}
