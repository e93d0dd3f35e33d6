package io.jasyncio.testing;

import io.jasyncio.EventLoop;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The JUnit 5 extension behind {@link AsyncioTest}: runs each {@code @AsyncioTest} method as a
 * task on its own loop (virtual clock, debug mode) and checks what the test left behind. Other
 * test methods of a class that registers it run unchanged.
 *
 * <p>Thread-safe: JUnit may run test methods in parallel; each has its own loop.
 */
public final class AsyncioExtension implements InvocationInterceptor, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AsyncioExtension.class);

    /** The extension; JUnit creates it through {@link AsyncioTest}'s {@code @ExtendWith}. */
    public AsyncioExtension() {}

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context) throws Throwable {
        Optional<AsyncioTest> spec = AnnotationSupport.findAnnotation(context.getTestMethod(), AsyncioTest.class);
        if (spec.isEmpty()) {
            invocation.proceed();
            return;
        }
        run(context, spec.get()).execute(invocation::proceed, spec.get().timeout());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return (type == EventLoop.class || type == Sequencer.class)
                && AnnotationSupport.isAnnotated(context.getTestMethod(), AsyncioTest.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        AsyncioTest spec = AnnotationSupport.findAnnotation(context.getTestMethod(), AsyncioTest.class)
                .orElseThrow(() -> new ParameterResolutionException("not an @AsyncioTest method"));
        TestRun run = run(context, spec);
        return parameter.getParameter().getType() == EventLoop.class ? run.loop() : run.sequencer();
    }

    /** The test's run, made on first use (parameters are resolved before the method is intercepted). */
    private static TestRun run(ExtensionContext context, AsyncioTest spec) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestRun.class,
                k -> new TestRun(spec.blockedAfter(), spec.clockOrigin()), TestRun.class);
    }
}
