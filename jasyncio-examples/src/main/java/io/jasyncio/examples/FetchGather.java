package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.client.ClientResponse;
import io.jasyncio.client.ClientSession;

import java.io.PrintStream;
import java.util.List;

/**
 * Three fetches at once over one session, with {@code gather}; the results come back in
 * argument order:
 * <pre>
 * async def fetch(session, url):
 *     async with session.get(url) as response:
 *         return f"{url.path} -> {response.status}: {await response.text()}"
 *
 * async with aiohttp.ClientSession() as session:
 *     for line in await asyncio.gather(*(fetch(session, u) for u in urls)):
 *         print(line)
 * </pre>
 * {@code --url URL} fetches that URL three times; without it, a local server's {@code /a},
 * {@code /b} and {@code /c}.
 */
public final class FetchGather implements Example {
    @Override
    public String name() {
        return "fetch-gather";
    }

    @Override
    public String description() {
        return "gather runs three ClientSession fetches concurrently (--url URL to fetch another)";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        run(out, new String[0]);
    }

    @Override
    public void run(PrintStream out, String... args) throws Exception {
        ClientExamples.fetchFrom(args, "/", (url, local) -> {
            List<String> urls = local ? List.of(url + "a", url + "b", url + "c") : List.of(url, url, url);
            try (ClientSession session = new ClientSession()) {
                List<Object> lines = Asyncio.gather(
                        () -> fetch(session, urls.get(0)),
                        () -> fetch(session, urls.get(1)),
                        () -> fetch(session, urls.get(2))).await();
                lines.forEach(out::println);
                out.println("3 fetches over " + session.connectionsOpened() + " connections");
            }
        });
    }

    private static String fetch(ClientSession session, String url) throws Exception {
        try (ClientResponse response = session.get(url)) {
            return response.url().getPath() + " -> " + response.status() + ": " + response.text();
        }
    }
}
