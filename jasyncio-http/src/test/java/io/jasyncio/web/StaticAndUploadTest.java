package io.jasyncio.web;

import static io.jasyncio.web.RawClient.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.http.internal.h1.HttpWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static files (no traversal: CVE-2024-23334), ranges, conditional GET, and multipart uploads. */
class StaticAndUploadTest {
    static final String H = "Host: t\r\n";

    @TempDir
    Path tmp;

    private Application staticApp(boolean follow) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("hello.txt"), "0123456789");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(tmp.resolve("secret.txt"), "top secret");
        Files.createSymbolicLink(root.resolve("link.txt"), tmp.resolve("secret.txt"));
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(Instant.ofEpochSecond(1_700_000_000)));
        Application app = new Application();
        app.router().addStatic("/static", root, "static", follow);
        return app;
    }

    @Test
    void servesFilesAndNothingOutsideTheRoot() throws Exception {
        Served.serve(staticApp(false), (port, runner) -> {
            var ok = one(port, "GET /static/hello.txt HTTP/1.1\r\n" + H + "\r\n");
            assertEquals(200, ok.status());
            assertEquals("0123456789", ok.body());
            assertEquals("text/plain", ok.headers().get("Content-Type"));
            assertEquals("bytes", ok.headers().get("Accept-Ranges"));
            for (String evil : new String[] {"/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/%2E%2E%2Fsecret.txt",
                    "/static/sub/../../secret.txt", "/static/link.txt", "/static//etc/passwd", "/static/..%5csecret.txt", "/static/nope.txt"}) {
                var a = one(port, "GET " + evil + " HTTP/1.1\r\n" + H + "\r\n");
                assertTrue(a.status() == 404 || a.status() == 403, evil + " -> " + a.status());
                assertTrue(!a.body().contains("top secret"), evil);
            }
            assertEquals(403, one(port, "GET /static/sub HTTP/1.1\r\n" + H + "\r\n").status());
        });
    }

    @Test
    void symlinksOutOfTheRootOnlyWhenAllowed() throws Exception {
        Served.serve(staticApp(true), (port, runner) -> {
            assertEquals("top secret", one(port, "GET /static/link.txt HTTP/1.1\r\n" + H + "\r\n").body());
            assertEquals(404, one(port, "GET /static/%2e%2e/secret.txt HTTP/1.1\r\n" + H + "\r\n").status());
        });
    }

    @Test
    void rangesAndIfModifiedSince() throws Exception {
        Served.serve(staticApp(false), (port, runner) -> {
            var r = one(port, "GET /static/hello.txt HTTP/1.1\r\n" + H + "Range: bytes=2-4\r\n\r\n");
            assertEquals(206, r.status());
            assertEquals("234", r.body());
            assertEquals("bytes 2-4/10", r.headers().get("Content-Range"));
            assertEquals("789", one(port, "GET /static/hello.txt HTTP/1.1\r\n" + H + "Range: bytes=-3\r\n\r\n").body());
            assertEquals(416, one(port, "GET /static/hello.txt HTTP/1.1\r\n" + H + "Range: bytes=20-\r\n\r\n").status());
            String lm = HttpWriter.formatDate(Instant.ofEpochSecond(1_700_000_000));
            assertEquals(lm, one(port, "GET /static/hello.txt HTTP/1.1\r\n" + H + "\r\n").headers().get("Last-Modified"));
            var nm = one(port, "GET /static/hello.txt HTTP/1.1\r\n" + H + "If-Modified-Since: " + lm + "\r\n\r\n");
            assertEquals(304, nm.status());
            assertEquals("", nm.body());
            assertEquals(200, one(port, "GET /static/hello.txt HTTP/1.1\r\n" + H + "If-Modified-Since: "
                    + HttpWriter.formatDate(Instant.ofEpochSecond(1_600_000_000)) + "\r\n\r\n").status());
        });
        assertEquals("/static/a%20b/c.txt", staticApp2().router().urlFor("s", java.util.Map.of("filename", "a b/c.txt")));
    }

    private Application staticApp2() throws Exception {
        Application app = new Application();
        app.router().addStatic("/static", Files.createDirectories(tmp.resolve("r2")), "s", false);
        return app;
    }

    @Test
    void multipartFormWithAFile() {
        Application app = new Application();
        app.router().addPost("/upload", r -> {
            var form = r.post();
            FileField f = (FileField) form.get("file");
            return Response.ofText(form.get("title") + "|" + f.filename() + "|" + f.contentType() + "|" + f.size() + "|"
                    + Files.readString(f.file()));
        });
        String boundary = "XyZ123";
        String content = "line one\r\n--not-a-boundary\r\nline two";
        String body = "preamble\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nMy file\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"
                + content + "\r\n--" + boundary + "--\r\nepilogue";
        int len = body.getBytes(StandardCharsets.UTF_8).length;
        Served.serve(app, (port, runner) -> {
            var a = one(port, "POST /upload HTTP/1.1\r\n" + H + "Content-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: " + len + "\r\n\r\n" + body);
            assertEquals("My file|a.txt|text/plain|" + content.length() + "|" + content, a.body());
            var bad = one(port, "POST /upload HTTP/1.1\r\n" + H + "Content-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: 10\r\n\r\n--XyZ123\r\n");
            assertEquals(400, bad.status());
        });
    }
}
