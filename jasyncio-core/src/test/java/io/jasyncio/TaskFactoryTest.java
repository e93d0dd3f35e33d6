package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 8 §2: task factories, {@code Task.getCoro()}, {@code Asyncio.currentTask(loop)}. */
class TaskFactoryTest {

    /** A framework's factory: names every task and logs around its coroutine. */
    private static final class Tracing implements TaskFactory {
        final List<String> log = new ArrayList<>();

        @Override
        public <T> Task<T> createTask(EventLoop loop, Coroutine<T> coroutine, String name, Context context) {
            Coroutine<T> traced = () -> {
                log.add("start " + Asyncio.currentTask().getName());
                try {
                    return coroutine.call();
                } finally {
                    log.add("end");
                }
            };
            return Task.create(loop, traced, name == null ? "traced" : name, context, false);
        }
    }

    @Test
    void aFactoryMakesEveryTaskOfTheLoop() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            assertNull(loop.getTaskFactory());
            Tracing tracing = new Tracing();
            loop.setTaskFactory(tracing);
            assertSame(tracing, loop.getTaskFactory());
            Task<Integer> t = Asyncio.createTask(() -> 6 * 7);
            assertEquals("traced", t.getName());
            assertEquals(42, t.await());
            List<Object> both = Asyncio.gather(() -> 1, () -> 2).await(); // gather goes through it too
            assertEquals(List.of(1, 2), both);
            assertEquals(List.of("start traced", "end", "start traced", "end", "start traced", "end"), tracing.log);
            loop.setTaskFactory(null);
            Asyncio.createTask(() -> 0).await();
            assertEquals(6, tracing.log.size(), "the default is back");
        });
    }

    @Test
    void eagerFactoryIsAsyncioEagerTaskFactory() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            loop.setTaskFactory(TaskFactory.EAGER);
            List<String> order = new ArrayList<>();
            Task<String> t = Asyncio.createTask(() -> {
                order.add("child runs at once");
                return "done";
            });
            order.add("creator goes on");
            assertTrue(t.done(), "finished without suspending: done when createTask returns");
            assertEquals(List.of("child runs at once", "creator goes on"), order);
            assertEquals("done", t.result());
        });
    }

    @Test
    void aFactoryMustReturnATaskOfTheLoop() {
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            loop.setTaskFactory(new TaskFactory() {
                @Override
                public <T> Task<T> createTask(EventLoop l, Coroutine<T> c, String n, Context ctx) {
                    return null;
                }
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.createTask(() -> 1));
            assertTrue(e.getMessage().contains("task factory"), e.getMessage());
            loop.setTaskFactory(null);
        });
    }

    @Test
    void getCoroReturnsTheCoroutineGiven() {
        Loops.run(() -> {
            Coroutine<String> c = () -> "x";
            Task<String> t = Asyncio.createTask(c);
            assertSame(c, t.getCoro());
            t.await();
            assertSame(c, t.getCoro(), "kept after the task is done, as asyncio keeps it");
        });
    }

    // A task of a VoidCoroutine runs it as it is (no adapter per task, issue 16): getCoro() makes
    // the adapter when asked, then returns that same object every time.
    @Test
    void getCoroOfAVoidCoroutineIsOneAdapterRunningTheBody() throws Exception {
        List<String> ran = new ArrayList<>();
        Loops.run(() -> {
            VoidCoroutine v = () -> ran.add("body");
            Task<Void> t = Asyncio.getRunningLoop().createTask(v);
            t.await();
            Coroutine<Void> c = t.getCoro();
            assertSame(c, t.getCoro());
            assertNull(c.call());
        });
        assertEquals(List.of("body", "body"), ran);
    }

    /** A body that is both kinds of coroutine: which method a task calls says which overload made it. */
    private static final class BothKinds implements Coroutine<String>, VoidCoroutine {
        final List<String> calls = new ArrayList<>();

        @Override
        public String call() {
            calls.add("call");
            return "value";
        }

        @Override
        public void run() {
            calls.add("run");
        }
    }

    @Test
    void aBodyOfBothKindsRunsTheMethodOfTheOverloadThatMadeTheTask() {
        BothKinds b = new BothKinds();
        Loops.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            assertEquals("value", loop.createTask((Coroutine<String>) b).await());
            assertNull(loop.createTask((VoidCoroutine) b).await());
            assertNull(loop.createTask((VoidCoroutine) b, "named").await());
            assertSame(b, loop.createTask((Coroutine<String>) b).getCoro());
        });
        assertEquals(List.of("call", "run", "run", "call"), b.calls);
    }

    @Test
    void currentTaskOfALoop() {
        EventLoop other = Loops.newLoop();
        try {
            Loops.run(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                assertSame(Asyncio.currentTask(), Asyncio.currentTask(loop));
                assertNull(Asyncio.currentTask(other), "this task is not one of the other loop's");
                Future<Task<?>> inCallback = loop.createFuture();
                loop.callSoon(() -> inCallback.setResult(Asyncio.currentTask(loop)));
                assertNull(inCallback.await(), "a callback is no task");
                assertThrows(NullPointerException.class, () -> Asyncio.currentTask(null));
            });
        } finally {
            other.close();
        }
    }
}
