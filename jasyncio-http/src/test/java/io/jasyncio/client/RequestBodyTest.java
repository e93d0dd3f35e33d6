package io.jasyncio.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.locks.Event;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.web.Application;
import io.jasyncio.web.FileField;
import io.jasyncio.web.Response;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies: streamed sources sent chunked with back-pressure, {@code chunked=True},
 * urlencoded forms and multipart/form-data with files streamed from disk — against our own
 * server and CPython's aiohttp.web parsing them.
 */
class RequestBodyTest {
    @TempDir
    Path tmp;

    interface Body {
        void run(String base) throws Exception;
    }

    private static void served(Application app, Body body) {
        ServedApp.serve(app, port -> body.run("http://127.0.0.1:" + port));
    }

    /** {@code count} chunks of {@code size} bytes (byte i of the body is {@code i % 251}), counting those produced. */
    private static final class Generator implements Iterable<byte[]> {
        final int count;
        final int size;
        int produced;

        Generator(int count, int size) {
            this.count = count;
            this.size = size;
        }

        @Override
        public Iterator<byte[]> iterator() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return produced < count;
                }

                @Override
                public byte[] next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    byte[] b = new byte[size];
                    long base = (long) produced * size;
                    for (int i = 0; i < size; i++) {
                        b[i] = (byte) ((base + i) % 251);
                    }
                    produced++;
                    return b;
                }
            };
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static Application echoApp(Event go) {
        Application app = new Application();
        app.setClientMaxSize(64 << 20);
        app.router().addPost("/echo", r -> {
            String te = String.valueOf(r.headers().get("Transfer-Encoding")) + "/" + r.headers().get("Content-Length");
            byte[] body = r.read();
            return Response.ofText(te + " " + body.length + " " + sha256(body));
        });
        app.router().addPost("/slow", r -> {
            go.await(); // the handler does not read until told: the client's writes must stall
            long n = 0;
            while (true) {
                byte[] b = r.content().read(1 << 16);
                if (b.length == 0) {
                    break;
                }
                n += b.length;
            }
            return Response.ofText(Long.toString(n));
        });
        app.router().addPost("/form", r -> {
            var form = r.post();
            List<String> out = new ArrayList<>();
            for (var e : form) {
                if (e.getValue() instanceof FileField f) {
                    byte[] b = Files.readAllBytes(f.file());
                    out.add(e.getKey() + "=file:" + f.filename() + ":" + f.contentType() + ":" + b.length + ":" + sha256(b));
                } else {
                    out.add(e.getKey() + "=" + e.getValue());
                }
            }
            return Response.ofText(r.contentType() + "\n" + String.join("\n", out));
        });
        return app;
    }

    @Test
    void aStreamedSourceGoesChunkedAndChunkedTrueChunksKnownBodies() {
        served(echoApp(new Event()), base -> {
            try (ClientSession s = new ClientSession()) {
                Generator g = new Generator(40, 100_000);
                byte[] all = new byte[4_000_000];
                for (int i = 0; i < all.length; i++) {
                    all[i] = (byte) (i % 251);
                }
                try (ClientResponse r = s.post(base + "/echo", RequestOptions.defaults().withData(Payload.ofChunks(g)))) {
                    assertEquals("chunked/null 4000000 " + sha256(all), r.text());
                }
                try (ClientResponse r = s.post(base + "/echo", RequestOptions.defaults().withBody("abc".getBytes(UTF_8))
                        .withChunked(true))) {
                    assertEquals("chunked/null 3 " + sha256("abc".getBytes(UTF_8)), r.text());
                }
                try (ClientResponse r = s.post(base + "/echo", RequestOptions.defaults().withText("abc"))) {
                    assertEquals("null/3 3 " + sha256("abc".getBytes(UTF_8)), r.text());
                }
                StreamReader reader = new StreamReader(Asyncio.getRunningLoop());
                Task<Void> feeder = Asyncio.createTask(() -> {
                    for (int i = 0; i < 5; i++) {
                        reader.feedData(("part " + i + ";").getBytes(UTF_8));
                        Asyncio.sleep(0);
                    }
                    reader.feedEof();
                });
                try (ClientResponse r = s.post(base + "/echo", RequestOptions.defaults().withData(Payload.ofStream(reader)))) {
                    assertEquals("chunked/null 35 " + sha256("part 0;part 1;part 2;part 3;part 4;".getBytes(UTF_8)), r.text());
                }
                feeder.await();
            }
        });
    }

    @Test
    void expect100ContinueSendsTheBodyOnlyAfterTheServerAsks() {
        served(echoApp(new Event()), base -> {
            try (ClientSession s = new ClientSession()) {
                try (ClientResponse r = s.post(base + "/echo", RequestOptions.defaults().withText("abc").withExpect100(true))) {
                    assertEquals("null/3 3 " + sha256("abc".getBytes(UTF_8)), r.text());
                }
            }
        });
        Asyncio.run(() -> {
            List<String> bodies = new ArrayList<>();
            // Answers 401 at once, keep-alive, without asking for the body; then reports what came next.
            var server = Asyncio.startServer((reader, writer) -> {
                String head = new String(reader.readuntil("\r\n\r\n".getBytes(UTF_8)), UTF_8);
                bodies.add(head.contains("Expect: 100-continue") ? "expect" : "no expect");
                writer.write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n".getBytes(UTF_8));
                writer.drain();
                bodies.add("after: " + new String(reader.read(100), UTF_8));
            }, "127.0.0.1", 0);
            try (ClientSession s = new ClientSession()) {
                String url = "http://127.0.0.1:" + server.port() + "/";
                Asyncio.timeout(30, () -> {
                    try (ClientResponse r = s.post(url, RequestOptions.defaults().withText("secret").withExpect100(true))) {
                        assertEquals(401, r.status());
                    }
                    assertEquals(0, s.idleConnections(), "a connection whose promised body was withheld is not reused");
                    while (bodies.size() < 2) {
                        Asyncio.sleep(0); // until the server saw the client close
                    }
                });
                assertEquals(List.of("expect", "after: "), bodies, "the body was never sent");
            } finally {
                server.close();
            }
        });
    }

    @Test
    void aServerThatDoesNotReadStallsTheSourceThenEverythingArrives() {
        Event go = new Event();
        served(echoApp(go), base -> {
            try (ClientSession s = new ClientSession()) {
                Generator g = new Generator(256, 1 << 18); // 64 MiB
                Task<String> post = Asyncio.createTask(() -> {
                    try (ClientResponse r = s.post(base + "/slow", RequestOptions.defaults().withData(Payload.ofChunks(g)))) {
                        return r.text();
                    }
                });
                // Give an unthrottled client all the time it needs to generate the whole body.
                Asyncio.sleep(0.3);
                int stalledAt = g.produced;
                assertTrue(stalledAt < g.count / 2, "the source produced " + stalledAt + " of " + g.count
                        + " chunks for a server that read nothing: no back-pressure");
                go.set();
                assertEquals(Long.toString(256L << 18), post.await());
                assertEquals(256, g.produced);
            }
        });
    }

    @Test
    void formsUrlencodedAndMultipartWithAFileStreamedFromDiskToOurServer() throws Exception {
        byte[] file = new byte[3 << 20];
        new Random(3).nextBytes(file);
        Path path = Files.write(tmp.resolve("data.bin"), file);
        String hash = sha256(file);
        served(echoApp(new Event()), base -> {
            try (ClientSession s = new ClientSession()) {
                try (ClientResponse r = s.post(base + "/form", RequestOptions.defaults()
                        .withForm(Map.of("q", "a b&c=d")))) {
                    assertEquals("application/x-www-form-urlencoded\nq=a b&c=d", r.text());
                }
                FormData form = new FormData().add("title", "My \"report\"").add("title", "second")
                        .addFile("file", path).addPart("note", Payload.ofText("hé"), "note.txt", "text/plain");
                try (ClientResponse r = s.post(base + "/form", RequestOptions.defaults().withData(form))) {
                    assertEquals("multipart/form-data\ntitle=My \"report\"\ntitle=second\nfile=file:data.bin:application/octet-stream:"
                            + file.length + ":" + hash + "\nnote=file:note.txt:text/plain:3:" + sha256("hé".getBytes(UTF_8)), r.text());
                }
                assertTrue(form.payload().size() > file.length, "a form of files has a known size: sent with Content-Length");
                assertThrows(NullPointerException.class, () -> new FormData().add(null, "x"));
                assertThrows(IllegalArgumentException.class, () -> new MultipartWriter("mixed", "bad\"boundary"));
            }
        });
    }

    @Test
    void aiohttpWebParsesOurFormsMultipartAndChunkedBodies() throws Exception {
        PythonPeer.require("aiohttp", "python3-aiohttp");
        byte[] file = new byte[5 << 20];
        new Random(5).nextBytes(file);
        Path path = Files.write(tmp.resolve("upload.bin"), file);
        String hash = sha256(file);
        String script = """
                import sys, hashlib
                from aiohttp import web
                async def form(request):
                    data = await request.post()
                    out = [request.content_type]
                    for k, v in data.items():
                        if isinstance(v, web.FileField):
                            body = v.file.read()
                            out.append(f"{k}=file:{v.filename}:{v.content_type}:{len(body)}:{hashlib.sha256(body).hexdigest()}")
                        else:
                            out.append(f"{k}={v}")
                    return web.Response(text="\\n".join(out))
                async def raw(request):
                    body = await request.read()
                    return web.Response(text=f"{request.headers.get('Transfer-Encoding')} {len(body)} {hashlib.sha256(body).hexdigest()}")
                app = web.Application(client_max_size=64 * 1024 * 1024)
                app.router.add_post("/form", form)
                app.router.add_post("/raw", raw)
                web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
                """;
        try (PythonPeer peer = PythonPeer.start(tmp, script)) {
            Asyncio.run(() -> Asyncio.timeout(60, () -> {
                peer.awaitListening();
                String base = "http://127.0.0.1:" + peer.port;
                try (ClientSession s = new ClientSession()) {
                    try (ClientResponse r = s.post(base + "/form", RequestOptions.defaults().withForm(Map.of("q", "a b&c=d é")))) {
                        assertEquals("application/x-www-form-urlencoded\nq=a b&c=d é", r.text());
                    }
                    FormData form = new FormData().add("title", "report").addFile("file", path, "up load.bin", "application/x-test");
                    try (ClientResponse r = s.post(base + "/form", RequestOptions.defaults().withData(form))) {
                        assertEquals("multipart/form-data\ntitle=report\nfile=file:up load.bin:application/x-test:" + file.length
                                + ":" + hash, r.text());
                    }
                    Generator g = new Generator(30, 100_000);
                    byte[] all = new byte[3_000_000];
                    for (int i = 0; i < all.length; i++) {
                        all[i] = (byte) (i % 251);
                    }
                    try (ClientResponse r = s.post(base + "/raw", RequestOptions.defaults().withData(Payload.ofChunks(g)))) {
                        assertEquals("chunked 3000000 " + sha256(all), r.text());
                    }
                    try (ClientResponse r = s.post(base + "/raw", RequestOptions.defaults().withData(Payload.ofFile(path)))) {
                        assertEquals("None " + file.length + " " + hash, r.text());
                    }
                }
                return null;
            }));
        }
    }
}
