package io.jasyncio.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real clients against our server on 127.0.0.1: curl (1.1, 1.0, chunked upload, --compressed), CPython's aiohttp client, wrk. */
class PeerClientsTest {
    @TempDir
    Path tmp;

    @Test
    void curl() {
        Peers.require("curl", "curl --version", "apt-get install curl");
        Served.serve(WebServerTest.app(), (port, runner) -> {
            String base = "http://127.0.0.1:" + port;
            var r = Peers.run(List.of("curl", "-s", "-i", "--http1.1", base + "/"), null, 30);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("HTTP/1.1 200 OK\r\n"), r.out());
            assertTrue(r.out().endsWith("\r\n\r\nHello, world"), r.out());
            var r10 = Peers.run(List.of("curl", "-s", "-i", "--http1.0", base + "/users/5"), null, 30);
            assertTrue(r10.out().startsWith("HTTP/1.0 200 OK\r\n"), r10.out());
            assertTrue(r10.out().endsWith("{\"id\":\"5\"}"), r10.out());
            byte[] upload = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
            var up = Peers.run(List.of("curl", "-s", "-H", "Transfer-Encoding: chunked", "--data-binary", "@-", base + "/echo"), upload, 30);
            assertEquals(100_000, up.out().length(), up.err());
            var z = Peers.run(List.of("curl", "-s", "--compressed", "-D", "-", base + "/gzip"), null, 30);
            assertTrue(z.out().toLowerCase().contains("content-encoding: gzip"), z.out());
            assertTrue(z.out().endsWith("zip ".repeat(100)), z.out());
            var many = Peers.run(List.of("curl", "-s", base + "/", base + "/users/1", base + "/nope"), null, 30);
            assertEquals("Hello, world{\"id\":\"1\"}404: Not Found", many.out(), "three requests on one kept-alive connection");
        });
    }

    @Test
    void aiohttpClient() throws Exception {
        Peers.require("python3-aiohttp", "/usr/bin/python3 -c 'import aiohttp'", "apt-get install python3-aiohttp");
        Path script = Peers.script(tmp, "client.py", """
                import asyncio, sys, aiohttp
                async def main(port):
                    base = f"http://127.0.0.1:{port}"
                    async with aiohttp.ClientSession() as s:
                        for i in range(3):
                            async with s.get(f"{base}/users/{i}") as r:
                                print(r.status, await r.json())
                        async with s.post(f"{base}/json", json={"id": "9", "name": "Zoe"}) as r:
                            print(r.status, await r.json())
                        async with s.post(f"{base}/echo", data=b"y" * 200000) as r:
                            print(r.status, len(await r.read()))
                        async with s.get(f"{base}/stream") as r:
                            print(r.status, await r.text())
                        async with s.get(f"{base}/gzip") as r:
                            print(r.status, r.headers.get("Content-Encoding"), len(await r.text()))
                        async with s.delete(f"{base}/echo") as r:
                            print(r.status, r.headers["Allow"])
                asyncio.run(main(int(sys.argv[1])))
                """);
        Served.serve(WebServerTest.app(), (port, runner) -> {
            var r = Peers.run(List.of("/usr/bin/python3", script.toString(), Integer.toString(port)), null, 60);
            assertEquals(0, r.exit(), r.err());
            assertEquals("""
                    200 {'id': '0'}
                    200 {'id': '1'}
                    200 {'id': '2'}
                    200 {'id': '9', 'name': 'Zoe'}
                    200 200000
                    200 part0;part1;part2;
                    200 gzip 400
                    405 POST
                    """, r.out());
        });
    }

    @Test
    void wrkKeepAlive() {
        Peers.require("wrk", "command -v wrk", "apt-get install wrk");
        Served.serve(WebServerTest.app(), (port, runner) -> {
            var r = Peers.run(List.of("wrk", "-t1", "-c8", "-d1s", "http://127.0.0.1:" + port + "/"), null, 30);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("Requests/sec"), r.out());
            assertFalse(r.out().contains("Non-2xx"), r.out());
            assertFalse(r.out().contains("Socket errors"), r.out());
        });
    }
}
