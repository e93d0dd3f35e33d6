package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.web.Application;
import io.jasyncio.web.FileField;
import io.jasyncio.web.HTTPBadRequest;
import io.jasyncio.web.Response;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * File upload and download: {@code GET /} is an upload form, {@code POST /upload} takes a
 * multipart form (the file streams to disk, it is never held whole in memory), and the uploaded
 * files are served back under {@code /files/} by a static route (no path traversal).
 */
public final class WebUpload implements ServerExample {
    private static final String FORM = """
            <!doctype html><title>upload</title>
            <form method="post" action="/upload" enctype="multipart/form-data">
            <input type="file" name="file"> <button>Upload</button></form>
            """;

    @Override
    public String name() {
        return "web-upload";
    }

    @Override
    public String description() {
        return "file upload (multipart, streamed to disk) and download through a static route";
    }

    static Application app(Path dir) {
        Application app = new Application();
        app.setClientMaxSize(64L * 1024 * 1024);
        app.router()
                .addGet("/", request -> {
                    return WebExamples.html(FORM);
                })
                .addPost("/upload", request -> {
                    if (!(request.post().get("file") instanceof FileField file) || file.filename().isBlank()) {
                        throw new HTTPBadRequest("send a form with a file field named 'file'");
                    }
                    String name = Path.of(file.filename()).getFileName().toString();
                    Asyncio.toThread(() -> Files.move(file.file(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING));
                    return Response.ofText("stored " + name + " (" + file.size() + " bytes) at /files/" + name + "\n");
                })
                .addStatic("/files", dir);
        return app;
    }

    @Override
    public void run(PrintStream out, String... args) throws Exception {
        Path dir = Files.createTempDirectory("jasyncio-uploads-");
        try {
            WebExamples.serveOrDemo(app(dir), out, args, port -> {
                String boundary = "jasyncio-boundary";
                String content = "first line\nsecond line\n";
                byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
                        + "Content-Type: text/plain\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
                DemoHttp.Answer up = DemoHttp.request(port, "POST", "/upload", "multipart/form-data; boundary=" + boundary, body);
                out.print("upload -> " + up.statusLine() + ": " + up.body());
                DemoHttp.Answer down = DemoHttp.get(port, "/files/notes.txt");
                out.print("download -> " + down.statusLine() + ": " + down.body());
                out.println("traversal -> " + DemoHttp.get(port, "/files/%2e%2e/secret").statusLine());
            });
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
