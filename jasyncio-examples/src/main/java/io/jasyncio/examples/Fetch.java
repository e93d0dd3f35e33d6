package io.jasyncio.examples;

import io.jasyncio.client.ClientResponse;
import io.jasyncio.client.ClientSession;

import java.io.PrintStream;

/**
 * aiohttp's client quickstart on jasyncio-http:
 * <pre>
 * async with aiohttp.ClientSession() as session:
 *     async with session.get(url) as response:
 *         print("Status:", response.status)
 *         print("Content-type:", response.headers['content-type'])
 *         print("Body:", await response.text())
 * </pre>
 * {@code --url URL} fetches that URL; without it, a local server's {@code /}.
 */
public final class Fetch implements Example {
    @Override
    public String name() {
        return "fetch";
    }

    @Override
    public String description() {
        return "ClientSession.get prints a response's status, type and body (--url URL to fetch another)";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        run(out, new String[0]);
    }

    @Override
    public void run(PrintStream out, String... args) throws Exception {
        ClientExamples.fetchFrom(args, "/", (url, local) -> {
            try (ClientSession session = new ClientSession(); ClientResponse response = session.get(url)) {
                out.println("Status: " + response.status());
                out.println("Content-type: " + response.headers().get("Content-Type"));
                out.println("Body: " + response.text());
            }
        });
    }
}
