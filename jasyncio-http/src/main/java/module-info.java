/**
 * jasyncio-http: an aiohttp-style HTTP/1.1 server ({@code io.jasyncio.web}) and the shared HTTP
 * types ({@code io.jasyncio.http}), and an aiohttp-style client ({@code io.jasyncio.client}), built only on jasyncio-core's exported API.
 */
module io.jasyncio.http {
    requires io.jasyncio;
    requires tools.jackson.databind;
    exports io.jasyncio.http;
    exports io.jasyncio.web;
    exports io.jasyncio.client;
    exports io.jasyncio.testutils;
}
