package io.jasyncio.examples;

import io.jasyncio.client.ClientResponse;
import io.jasyncio.client.ClientSession;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chained requests: each response is JSON naming the next URL, fetched (relative to the last one)
 * over the same kept-alive connection, until a response names none:
 * <pre>
 * async with aiohttp.ClientSession() as session:
 *     while url:
 *         async with session.get(url) as response:
 *             data = await response.json()
 *         print(data)
 *         url = data.get("next") and response.url.join(URL(data["next"]))
 * </pre>
 * {@code --url URL} starts the chain there (at most 10 steps); without it, at a local server's
 * {@code /chain/1}.
 */
public final class FetchChain implements Example {
    private static final int MAX_STEPS = 10;

    @Override
    public String name() {
        return "fetch-chain";
    }

    @Override
    public String description() {
        return "chained ClientSession requests, each response naming the next URL (--url URL to start elsewhere)";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        run(out, new String[0]);
    }

    @Override
    public void run(PrintStream out, String... args) throws Exception {
        ClientExamples.fetchFrom(args, "/chain/1", (url, local) -> {
            try (ClientSession session = new ClientSession()) {
                String next = url;
                for (int step = 0; next != null && step < MAX_STEPS; step++) {
                    try (ClientResponse response = session.get(next)) {
                        Map<?, ?> data = response.json(Map.class);
                        out.println(response.url().getPath() + " -> " + new TreeMap<>(data));
                        Object link = data.get("next");
                        next = link == null ? null : response.url().resolve(link.toString()).toString();
                    }
                }
                out.println("connections opened: " + session.connectionsOpened());
            }
        });
    }
}
