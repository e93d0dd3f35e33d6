package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import io.jasyncio.locks.Barrier;
import io.jasyncio.locks.BoundedSemaphore;
import io.jasyncio.locks.Condition;
import io.jasyncio.locks.Event;
import io.jasyncio.locks.Lock;
import io.jasyncio.locks.Semaphore;
import io.jasyncio.queues.BridgeQueue;
import io.jasyncio.queues.LifoQueue;
import io.jasyncio.queues.PriorityQueue;
import io.jasyncio.queues.Queue;
import io.jasyncio.streams.StreamPair;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.ServerOptions;
import io.jasyncio.transports.Transport;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 §1.10: every public method and constructor of the core's public classes checks its
 * reference arguments at the call. For each one, every reference argument in turn is passed as
 * null (the others given valid values) and the call must fail at once with
 * {@code NullPointerException("NAME must not be null")}, NAME being the parameter's name, never
 * later from inside (Guava's NullPointerTester does the same for Guava). Arguments whose null has a
 * documented meaning (asyncio's {@code None}) are listed in {@link #NULLABLE} with that meaning.
 */
class ApiArgumentChecksTest {
    /** "Class.method.parameter" whose null means something, and what. */
    private static final Map<String, String> NULLABLE = new HashMap<>();

    static {
        for (String c : List.of("EventLoop", "Asyncio", "TaskGroup")) {
            NULLABLE.put(c + ".createTask.name", "Task-N");
        }
        NULLABLE.put("TaskGroup.createTask.context", "a copy of the caller's context");
        NULLABLE.put("Runner.run.context", "the runner's own context");
        NULLABLE.put("EventLoop.runInExecutor.executor", "the default executor");
        NULLABLE.put("EventLoop.setExceptionHandler.handler", "the default handler");
        NULLABLE.put("EventLoop.createServer.host", "every interface");
        NULLABLE.put("EventLoop.createDatagramEndpoint.local", "not bound");
        NULLABLE.put("EventLoop.createDatagramEndpoint.remote", "not connected");
        NULLABLE.put("Asyncio.startServer.host", "every interface");
        NULLABLE.put("ServerOptions.of.host", "every interface");
        NULLABLE.put("Future.setResult.value", "a null result (None)");
        NULLABLE.put("Future.cancel.msg", "no message");
        NULLABLE.put("Task.cancel.msg", "no message");
        NULLABLE.put("Task.setName.name", "asyncio's str(None)");
        NULLABLE.put("Asyncio.sleep.result", "a null result");
        NULLABLE.put("Timeout.reschedule.when", "no deadline (None)");
        NULLABLE.put("ContextVar.set.value", "a null value");
        NULLABLE.put("ContextVar.get.defaultValue", "a null default");
        NULLABLE.put("ContextVar.<init>.defaultValue", "a null default");
        NULLABLE.put("Context.get.defaultValue", "a null default");
        NULLABLE.put("Task.setResult.value", "refused whatever the value: a task is completed by its body");
        NULLABLE.put("Task.setException.exception", "refused whatever the value: a task is completed by its body");
        NULLABLE.put("EventLoop.setTaskFactory.factory", "the default task factory (asyncio's set_task_factory(None))");
        NULLABLE.put("Task.create.name", "Task-N");
        NULLABLE.put("StreamWriter.getExtraInfo.defaultValue", "a null default");
        NULLABLE.put("Transport.getExtraInfo.defaultValue", "a null default");
        NULLABLE.put("StreamWriter.<init>.reader", "a writer without a reader (asyncio's reader=None)");
    }

    /** Classes whose every public method and constructor is checked. */
    private static final List<Class<?>> CLASSES = List.of(Asyncio.class, EventLoop.class, Future.class, Task.class,
            TaskGroup.class, Timeout.class, Runner.class, Handle.class, TimerHandle.class, Context.class, ContextVar.class,
            ContextVar.Token.class, ExceptionGroup.class, Lock.class, Event.class, Condition.class, Semaphore.class,
            BoundedSemaphore.class, Barrier.class, Queue.class, PriorityQueue.class, LifoQueue.class, BridgeQueue.class,
            StreamReader.class, StreamWriter.class, ServerOptions.class, Server.class, Transport.class);

    @Test
    void everyReferenceArgumentIsCheckedAtTheCall() throws Exception {
        List<String> failures = new ArrayList<>();
        int[] checked = {0};
        ExecutorService executor = Executors.newSingleThreadExecutor();
        EventLoop loop = EventLoop.newEventLoop();
        try {
            loop.runUntilComplete(() -> {
                Fixtures fx = new Fixtures(loop, executor);
                try {
                    for (Class<?> c : CLASSES) {
                        List<Executable> members = new ArrayList<>();
                        for (Method m : c.getMethods()) {
                            // Methods the JDK declares (Throwable's, Iterable.forEach) follow the JDK's own rules.
                            if (!m.getDeclaringClass().getName().startsWith("java.") && !m.isSynthetic() && !m.isBridge()
                                    && !Set.of("equals", "compareTo").contains(m.getName())) {
                                members.add(m);
                            }
                        }
                        if (!Modifier.isAbstract(c.getModifiers())) {
                            members.addAll(List.of(c.getConstructors()));
                        }
                        for (Executable e : members) {
                            checkEach(c, e, fx, failures, checked);
                        }
                    }
                } finally {
                    fx.close();
                }
                return null;
            });
        } finally {
            loop.close();
            executor.shutdownNow();
        }
        assertTrue(checked[0] > 150, "checked only " + checked[0] + " arguments");
        assertEquals(List.of(), failures, failures.size() + " of " + checked[0] + " arguments not checked at the call");
    }

    // The reproductions listed in issue 8 §1.10, one by one.
    @Test
    void theIssuesExamplesAreRefusedAtTheCall() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            assertEquals("handler must not be null", assertThrows(NullPointerException.class,
                    () -> Asyncio.startServer(null, "127.0.0.1", 0)).getMessage());
            assertEquals("protocolFactory must not be null", assertThrows(NullPointerException.class,
                    () -> loop.createServer(null, "127.0.0.1", 0)).getMessage());
            assertEquals("protocolFactory must not be null", assertThrows(NullPointerException.class,
                    () -> loop.createConnection(null, "127.0.0.1", 9)).getMessage());
            assertEquals("loop must not be null", assertThrows(NullPointerException.class, () -> new StreamReader(null)).getMessage());
            assertEquals("fn must not be null", assertThrows(NullPointerException.class, () -> loop.runInExecutor(null, null)).getMessage());
            assertEquals("future must not be null", assertThrows(NullPointerException.class,
                    () -> Asyncio.waitFor((Future<Object>) null, 1)).getMessage());
            assertEquals("hosts must not be null", assertThrows(NullPointerException.class,
                    () -> ServerOptions.of((List<String>) null, 0)).getMessage());
            assertEquals("backlog must be >= 0: -1", assertThrows(IllegalArgumentException.class,
                    () -> ServerOptions.of("127.0.0.1", 0).withBacklog(-1)).getMessage());
        });
    }

    private static void checkEach(Class<?> c, Executable e, Fixtures fx, List<String> failures, int[] checked) {
        Parameter[] ps = e.getParameters();
        String member = c.getSimpleName() + "." + (e instanceof Constructor ? "<init>" : e.getName());
        for (int i = 0; i < ps.length; i++) {
            Parameter p = ps[i];
            if (p.getType().isPrimitive() || NULLABLE.containsKey(member + "." + p.getName())) {
                continue;
            }
            Object[] args = new Object[ps.length];
            boolean providable = true;
            for (int j = 0; j < ps.length; j++) {
                if (j != i) {
                    args[j] = fx.sample(ps[j].getType());
                    providable &= args[j] != null;
                }
            }
            Object receiver = null;
            if (e instanceof Method m && !Modifier.isStatic(m.getModifiers())) {
                receiver = fx.instance(c);
                providable &= receiver != null;
            }
            if (!providable) {
                continue;
            }
            checked[0]++;
            String where = member + Signature.of(e) + " argument " + p.getName();
            Throwable thrown = fx.invoke(e, receiver, args);
            String expected = p.getName() + " must not be null";
            if (!(thrown instanceof NullPointerException) || !expected.equals(thrown.getMessage())) {
                failures.add(where + ": " + (thrown == null ? "accepted" : thrown));
            }
        }
    }

    /** Parameter types for messages. */
    private static final class Signature {
        static String of(Executable e) {
            StringBuilder sb = new StringBuilder("(");
            for (Class<?> t : e.getParameterTypes()) {
                sb.append(sb.length() > 1 ? ", " : "").append(t.getSimpleName());
            }
            return sb.append(')').toString();
        }
    }

    /** Valid values and receivers, made on the loop, closed at the end. */
    private static final class Fixtures {
        final EventLoop loop;
        final Executor executor;
        final List<AutoCloseable> toClose = new ArrayList<>();
        final Map<Class<?>, Supplier<Object>> instances = new LinkedHashMap<>();
        StreamPair pair;
        Server server;
        Transport transport;

        Fixtures(EventLoop loop, Executor executor) throws Exception {
            this.loop = loop;
            this.executor = executor;
            server = Asyncio.startServer((r, w) -> Asyncio.sleep(3600), "127.0.0.1", 0);
            toClose.add(server);
            pair = Asyncio.openConnection("127.0.0.1", server.port());
            toClose.add(pair.writer());
            transport = pair.writer().transport();
            instances.put(EventLoop.class, () -> loop);
            instances.put(Future.class, loop::createFuture);
            instances.put(Task.class, () -> loop.createTask(() -> Asyncio.sleep(3600)));
            instances.put(TaskGroup.class, TaskGroup::new);
            instances.put(Timeout.class, () -> Asyncio.timeout(3600));
            instances.put(Runner.class, () -> {
                Runner r = new Runner();
                toClose.add(r);
                return r;
            });
            instances.put(Handle.class, () -> loop.callSoon(() -> {}));
            instances.put(TimerHandle.class, () -> loop.callLater(3600, () -> {}));
            instances.put(Context.class, Context::new);
            instances.put(ContextVar.class, () -> new ContextVar<>("x"));
            instances.put(ContextVar.Token.class, () -> new ContextVar<>("x").set(null));
            instances.put(ExceptionGroup.class, () -> new ExceptionGroup("m", List.of(new RuntimeException())));
            instances.put(Lock.class, Lock::new);
            instances.put(Event.class, Event::new);
            instances.put(Condition.class, Condition::new);
            instances.put(Semaphore.class, Semaphore::new);
            instances.put(BoundedSemaphore.class, () -> new BoundedSemaphore(1));
            instances.put(Barrier.class, () -> new Barrier(2));
            instances.put(Queue.class, Queue::new);
            instances.put(PriorityQueue.class, PriorityQueue::new);
            instances.put(LifoQueue.class, LifoQueue::new);
            instances.put(BridgeQueue.class, () -> new BridgeQueue<Object>(loop, 0));
            instances.put(StreamReader.class, () -> new StreamReader(loop));
            instances.put(StreamWriter.class, () -> pair.writer());
            instances.put(ServerOptions.class, () -> ServerOptions.of("127.0.0.1", 0));
            instances.put(Server.class, () -> server);
            instances.put(Transport.class, () -> transport);
        }

        Object instance(Class<?> c) {
            Supplier<Object> s = instances.get(c);
            return s == null ? null : s.get();
        }

        /** A valid non-null value of type {@code t}, or null if there is none to offer. */
        Object sample(Class<?> t) {
            if (t == int.class) {
                return Integer.valueOf(1);
            }
            if (t == long.class) {
                return Long.valueOf(1);
            }
            if (t == double.class) {
                return Double.valueOf(1);
            }
            if (t == float.class) {
                return Float.valueOf(1);
            }
            if (t == boolean.class) {
                return false;
            }
            if (t == char.class) {
                return 'x';
            }
            if (t == String.class || t == Object.class || t == CharSequence.class) {
                return "x";
            }
            if (t == Double.class) {
                return 1.0;
            }
            if (t == Integer.class) {
                return 1;
            }
            if (t == byte[].class) {
                return new byte[1];
            }
            if (t.isArray()) {
                return Array.newInstance(t.getComponentType(), 0);
            }
            if (t == ByteBuffer.class) {
                return ByteBuffer.allocate(1);
            }
            if (t == List.class || t == Collection.class || t == Iterable.class) {
                return List.of();
            }
            if (t == Map.class) {
                return Map.of();
            }
            if (t == Set.class) {
                return Set.of();
            }
            if (t == Path.class) {
                return Path.of("/nonexistent/jasyncio-arg-check");
            }
            if (t == Throwable.class || t == Exception.class || t == RuntimeException.class) {
                return new RuntimeException("sample");
            }
            if (t == Class.class) {
                return RuntimeException.class;
            }
            if (t == InetSocketAddress.class || t == SocketAddress.class) {
                return new InetSocketAddress("127.0.0.1", 9);
            }
            if (t == Executor.class) {
                return executor;
            }
            if (t == CompletableFuture.class || t == CompletionStage.class || t == java.util.concurrent.Future.class) {
                return new CompletableFuture<>();
            }
            if (t == java.nio.charset.Charset.class) {
                return StandardCharsets.UTF_8;
            }
            if (t == java.io.PrintStream.class) {
                return new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
            }
            if (t == SocketChannel.class || t == ServerSocketChannel.class || t == SelectableChannel.class) {
                try {
                    SelectableChannel ch = t == SocketChannel.class ? SocketChannel.open()
                            : t == ServerSocketChannel.class ? ServerSocketChannel.open() : Pipe.open().source();
                    ch.configureBlocking(false);
                    toClose.add(ch);
                    return ch;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            if (t.isEnum()) {
                return t.getEnumConstants()[0];
            }
            Object known = instance(t);
            if (known != null) {
                return known;
            }
            if (t == Protocol.class) {
                return new Protocol() {};
            }
            if (t.isInterface()) {
                return Proxy.newProxyInstance(t.getClassLoader(), new Class<?>[] {t},
                        (proxy, m, a) -> m.isDefault() ? InvocationHandler.invokeDefault(proxy, m, a) : defaultFor(m.getReturnType()));
            }
            return null;
        }

        private static Object defaultFor(Class<?> r) {
            if (r == boolean.class) {
                return false;
            }
            if (r == void.class || !r.isPrimitive()) {
                return null;
            }
            if (r == double.class) {
                return Double.valueOf(0);
            }
            if (r == long.class) {
                return Long.valueOf(0);
            }
            return r == int.class ? Integer.valueOf(0) : null;
        }

        /** Calls the member in its own task, bounded in time; what it threw, or null if it returned. */
        Throwable invoke(Executable e, Object receiver, Object[] args) {
            Task<Throwable> t = loop.createTask(() -> {
                try {
                    if (e instanceof Method m) {
                        m.invoke(receiver, args);
                    } else {
                        ((Constructor<?>) e).newInstance(args);
                    }
                    return null;
                } catch (InvocationTargetException ite) {
                    return ite.getCause();
                } catch (IllegalArgumentException mismatch) {
                    return new AssertionError("the test's sample arguments do not fit " + java.util.Arrays.toString(args));
                }
            });
            try {
                return Asyncio.waitFor(t, 2.0);
            } catch (TimeoutError timedOut) {
                return new AssertionError("suspended instead of refusing the argument");
            } catch (CancelledError cancelled) {
                return cancelled;
            }
        }

        void close() throws Exception {
            for (AutoCloseable c : toClose) {
                try {
                    c.close();
                } catch (Exception | Error ignored) {
                    // best effort: the loop closes what is left
                }
            }
        }
    }
}
