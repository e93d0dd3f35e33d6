package io.jasyncio.examples;

import io.jasyncio.TimeoutError;
import io.jasyncio.client.ClientResponse;
import io.jasyncio.client.ClientSession;
import io.jasyncio.client.ClientTimeout;
import io.jasyncio.client.RequestOptions;

import java.io.PrintStream;

/**
 * A request with a {@code ClientTimeout} that expires against a slow route:
 * <pre>
 * timeout = aiohttp.ClientTimeout(total=0.5)
 * async with aiohttp.ClientSession() as session:
 *     try:
 *         async with session.get(url, timeout=timeout) as response:
 *             print(await response.text())
 *     except asyncio.TimeoutError as e:
 *         print("TimeoutError:", e)
 * </pre>
 * {@code --url URL} fetches that URL instead of a local server's {@code /slow}, which answers
 * only after the client gave up.
 */
public final class FetchTimeout implements Example {
    static final double TOTAL = 0.5;

    @Override
    public String name() {
        return "fetch-timeout";
    }

    @Override
    public String description() {
        return "a ClientTimeout(total=0.5) expires against a slow route (--url URL to time another)";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        run(out, new String[0]);
    }

    @Override
    public void run(PrintStream out, String... args) throws Exception {
        ClientExamples.fetchFrom(args, "/slow", (url, local) -> {
            RequestOptions opts = RequestOptions.defaults().withTimeout(ClientTimeout.defaults().withTotal(TOTAL));
            try (ClientSession session = new ClientSession(); ClientResponse response = session.get(url, opts)) {
                out.println(response.status() + ": " + response.text());
            } catch (TimeoutError e) {
                out.println("TimeoutError: " + e.getMessage());
            }
        });
    }
}
