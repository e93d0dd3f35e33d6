package io.jasyncio.streams;

/**
 * What {@code Asyncio.openConnection} returns: asyncio's {@code (reader, writer)} pair.
 * Immutable; the reader and writer are loop-confined.
 *
 * @param reader the connection's reader
 * @param writer the connection's writer
 */
public record StreamPair(StreamReader reader, StreamWriter writer) {}
