package io.jasyncio.subprocess;

/**
 * What {@link Process#communicate} returns: asyncio's {@code (stdout_data, stderr_data)} tuple.
 * Immutable as a record (the arrays are the caller's to keep: nothing else refers to them).
 *
 * @param stdout every byte the child wrote to stdout, or null if stdout was not {@link Stdio#PIPE}
 * @param stderr every byte the child wrote to stderr, or null if stderr was not {@link Stdio#PIPE}
 *     ({@link Stdio#STDOUT} merges it into {@code stdout})
 */
public record CommunicateResult(byte[] stdout, byte[] stderr) {}
