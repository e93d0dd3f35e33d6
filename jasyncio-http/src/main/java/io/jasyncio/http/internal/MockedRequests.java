package io.jasyncio.http.internal;

import io.jasyncio.http.internal.h1.HttpHead;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.transports.Transport;
import io.jasyncio.web.Application;
import io.jasyncio.web.Request;

import java.util.Map;

/**
 * The door through which {@code io.jasyncio.testutils} makes a {@link Request} without a
 * connection ({@code TestUtils.makeMockedRequest}), while the constructors of {@code Request} and
 * {@code MatchInfo} stay package-private: {@code io.jasyncio.web} registers the factory when
 * {@code Request} is initialised (the JDK's "shared secrets" pattern). Not exported.
 */
public final class MockedRequests {
    /** Makes a mocked request: head, body, root application, path parameters and the transport it reports. */
    public interface Factory {
        Request create(HttpHead head, StreamReader body, Application app, Map<String, String> matchInfo, Transport transport);
    }

    private static volatile Factory factory;

    private MockedRequests() {}

    /** Called once by {@code Request}'s static initialiser. */
    public static void register(Factory f) {
        factory = f;
    }

    /** The factory, initialising {@code Request} first if it was not yet. */
    public static Factory factory() {
        if (factory == null) {
            try {
                Class.forName(Request.class.getName(), true, Request.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return factory;
    }
}
