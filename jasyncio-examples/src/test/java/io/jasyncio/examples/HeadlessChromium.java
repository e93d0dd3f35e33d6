package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jasyncio.Asyncio;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Test fixture: Debian's Chromium, headless, with a fresh profile and the flags this machine needs
 * (no background networking: its connections are refused here), driven over the DevTools
 * protocol on {@code --remote-debugging-port=0} (the port it picked is read from the line it
 * prints). A missing {@code /usr/bin/chromium} skips outside CI and fails under {@code CI=true}.
 * Loop-confined (its connection); {@link #close()} ends the browser and deletes the profile.
 */
final class HeadlessChromium implements AutoCloseable {
    static final String BINARY = "/usr/bin/chromium";

    private final Process process;
    private final Path profile;
    private final StringBuffer stderr;
    private final DevToolsConnection devtools;
    private final Map<String, String> targetOfSession = new HashMap<>();

    private HeadlessChromium(Process process, Path profile, StringBuffer stderr, DevToolsConnection devtools) {
        this.process = process;
        this.profile = profile;
        this.stderr = stderr;
        this.devtools = devtools;
    }

    static void require() {
        boolean ok = Files.isExecutable(Path.of(BINARY));
        if (!ok && "true".equals(System.getenv("CI"))) {
            fail("chromium is missing: apt-get install chromium (.ci/setup.d/60-browser.sh)");
        }
        assumeTrue(ok, "chromium is missing: install it with apt-get install chromium");
    }

    /** Starts the browser and connects to it. Suspends (off the loop thread while it starts). */
    static HeadlessChromium launch() throws IOException {
        Path profile = Files.createTempDirectory("jasyncio-chromium");
        Process p = new ProcessBuilder(BINARY, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StringBuffer stderr = new StringBuffer();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        // Chromium writes its log to stderr for as long as it runs: drain it all on a platform thread
        Thread.ofPlatform().daemon().name("chromium-stderr").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    stderr.append(line).append('\n');
                    int at = line.indexOf("DevTools listening on ");
                    if (at >= 0) {
                        endpoint.complete(line.substring(at + "DevTools listening on ".length()).trim());
                    }
                }
            } catch (IOException e) {
                // the browser is gone; the wait below reports it
            }
            endpoint.completeExceptionally(new IOException("chromium exited before listening:\n" + stderr));
        });
        try {
            String ws = Asyncio.timeout(60, () -> Asyncio.wrapFuture(endpoint).await());
            return new HeadlessChromium(p, profile, stderr, DevToolsConnection.open(ws));
        } catch (IOException | RuntimeException | Error e) {
            p.destroyForcibly();
            deleteTree(profile);
            throw e;
        }
    }

    /** Opens a new tab on {@code url}, attached for commands; returns its session id. Suspends. */
    String openPage(String url) throws IOException {
        String target = devtools.call("Target.createTarget", DevToolsConnection.params().put("url", "about:blank"), null)
                .path("targetId").asString();
        String session = devtools.call("Target.attachToTarget",
                DevToolsConnection.params().put("targetId", target).put("flatten", true), null).path("sessionId").asString();
        targetOfSession.put(session, target);
        devtools.call("Page.navigate", DevToolsConnection.params().put("url", url), session);
        return session;
    }

    /**
     * Evaluates {@code expression} in the page, awaiting it if it is a promise, and returns its
     * value as a string. Suspends.
     *
     * @throws IOException with the page's exception text if it threw
     */
    String evaluate(String session, String expression) throws IOException {
        JsonNode r = devtools.call("Runtime.evaluate", DevToolsConnection.params().put("expression", expression)
                .put("awaitPromise", true).put("returnByValue", true), session);
        if (r.has("exceptionDetails")) {
            throw new IOException("the page threw: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value").asString();
    }

    /** Closes the page whose session this is (as closing a tab). Suspends. */
    void closePage(String session) throws IOException {
        devtools.call("Target.closeTarget", DevToolsConnection.params().put("targetId", targetOfSession.remove(session)), null);
    }

    /** What the browser has written to stderr so far (for failure messages). */
    String log() {
        return stderr.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            devtools.call("Browser.close", null, null);
        } catch (IOException e) {
            // the browser closes the connection as it exits
        } finally {
            devtools.close();
            Asyncio.toThread(() -> {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
                return null;
            });
            Asyncio.toThread(() -> {
                deleteTree(profile);
                return null;
            });
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // already gone
        }
    }
}
