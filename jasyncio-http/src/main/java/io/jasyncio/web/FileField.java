package io.jasyncio.web;

import java.nio.file.Path;

/**
 * An uploaded file of a multipart form: aiohttp's {@code FileField}. Its content is in a
 * temporary file, deleted when the JVM exits; move or copy it to keep it.
 *
 * <p>Immutable.
 *
 * @param name the form field's name
 * @param filename the file name the client gave (may be empty)
 * @param contentType the part's Content-Type
 * @param file the temporary file holding the content
 * @param size the content's length in bytes
 */
public record FileField(String name, String filename, String contentType, Path file, long size) {}
