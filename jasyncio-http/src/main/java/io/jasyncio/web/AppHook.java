package io.jasyncio.web;

/**
 * A signal handler of an application's life cycle ({@code on_startup}, {@code on_shutdown},
 * {@code on_cleanup}): a coroutine function run in the runner's task with the application.
 */
@FunctionalInterface
public interface AppHook {
    /** Runs the hook; may suspend. */
    void run(Application app) throws Exception;
}
