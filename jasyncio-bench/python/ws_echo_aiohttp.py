"""aiohttp.web WebSocket echo peer for jasyncio-bench/bin/ws-echo: GET /ws echoes every text or
binary message, as io.jasyncio.bench.WsEchoServer does.

usage: /usr/bin/python3 ws_echo_aiohttp.py PORT [--uvloop]   (listens on 127.0.0.1 until killed)
"""
import asyncio
import sys

from aiohttp import WSMsgType, web


async def ws_echo(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == WSMsgType.TEXT:
            await ws.send_str(msg.data)
        elif msg.type == WSMsgType.BINARY:
            await ws.send_bytes(msg.data)
    return ws


def main():
    port = int(sys.argv[1])
    if "--uvloop" in sys.argv[2:]:
        import uvloop
        uvloop.install()
    app = web.Application()
    app.router.add_get("/ws", ws_echo)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


if __name__ == "__main__":
    main()
