package io.jasyncio.files;

import java.nio.file.Path;

/**
 * One entry of {@link AsyncOs#scandir}: Python's {@code os.DirEntry}, with the types read when the
 * directory was scanned (links not followed). Immutable.
 *
 * @param name the entry's file name
 * @param path the directory's path joined with the name
 * @param isFile a regular file
 * @param isDir a directory
 * @param isSymlink a symbolic link
 */
public record DirEntry(String name, Path path, boolean isFile, boolean isDir, boolean isSymlink) {}
