package io.jasyncio.bench;
final class Dummy {}
