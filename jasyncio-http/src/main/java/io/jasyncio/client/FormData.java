package io.jasyncio.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A form body: aiohttp's {@code FormData}. Plain fields alone are sent
 * {@code application/x-www-form-urlencoded}; with a file (or {@link #multipart()}) the form is
 * {@code multipart/form-data} and files stream from disk. Repeated names are kept in order.
 *
 * <pre>{@code
 * FormData form = new FormData().add("title", "report").addFile("file", Path.of("report.pdf"));
 * session.post(url, RequestOptions.defaults().withData(form));
 * }</pre>
 *
 * <p>Loop-confined (it is built, then sent, by one task).
 */
public final class FormData {
    private record Field(String name, String value, Payload body, String filename) {}

    private final List<Field> fields = new ArrayList<>();
    private boolean multipart;

    /** An empty form. */
    public FormData() {
    }

    /** A form of these fields (aiohttp's {@code data=dict}). */
    public static FormData of(Map<String, String> fields) {
        FormData f = new FormData();
        Objects.requireNonNull(fields, "fields").forEach(f::add);
        return f;
    }

    /** Adds a text field. Returns this form. */
    public FormData add(String name, String value) {
        fields.add(new Field(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"), null, null));
        return this;
    }

    /** Adds a file streamed from disk, named as the file, its Content-Type guessed from the name. */
    public FormData addFile(String name, Path file) {
        String filename = Objects.requireNonNull(file, "file").getFileName().toString();
        return addFile(name, file, filename, MultipartWriter.guessType(filename));
    }

    /** Adds a file streamed from disk with this filename and Content-Type. */
    public FormData addFile(String name, Path file, String filename, String contentType) {
        return addPart(name, Payload.ofFile(file), filename, contentType);
    }

    /** Adds a part with this body (a file's bytes, a stream...), filename and Content-Type. */
    public FormData addPart(String name, Payload body, String filename, String contentType) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(contentType, "contentType");
        fields.add(new Field(name, contentType, body, filename));
        multipart = true;
        return this;
    }

    /** Sends the form as multipart/form-data even with text fields only. Returns this form. */
    public FormData multipart() {
        multipart = true;
        return this;
    }

    /** Whether the form goes out as multipart/form-data. */
    public boolean isMultipart() {
        return multipart;
    }

    /** The body: urlencoded bytes, or a {@link MultipartWriter} of form-data parts. */
    public Payload payload() {
        if (!multipart) {
            StringBuilder s = new StringBuilder();
            for (Field f : fields) {
                if (!s.isEmpty()) {
                    s.append('&');
                }
                s.append(URLEncoder.encode(f.name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(f.value, StandardCharsets.UTF_8));
            }
            return new BytesPayload(s.toString().getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
        }
        MultipartWriter mp = new MultipartWriter("form-data");
        for (Field f : fields) {
            if (f.body == null) {
                mp.append(new BytesPayload(f.value.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8"),
                        Map.of("Content-Disposition", "form-data; name=" + MultipartWriter.quoted(f.name)));
            } else {
                Map<String, String> h = new LinkedHashMap<>();
                h.put("Content-Disposition", "form-data; name=" + MultipartWriter.quoted(f.name) + "; filename="
                        + MultipartWriter.quoted(f.filename));
                h.put("Content-Type", f.value);
                mp.append(f.body, h);
            }
        }
        return mp;
    }
}
