"""aiohttp's client doing keep-alive GETs, the peer of io.jasyncio.bench.HttpClients:
CONC tasks sharing one ClientSession (TCPConnector(limit=CONC)), each doing REQS GET / and
reading the body. Prints req/s and the process's CPU time per request, for the second of two
rounds (the first warms up). usage: /usr/bin/python3 aiohttp_client.py PORT CONC REQS [--uvloop]
"""
import asyncio
import sys
import time

import aiohttp


async def worker(session, url, reqs):
    for _ in range(reqs):
        async with session.get(url) as r:
            body = await r.read()
            if r.status != 200 or not body:
                raise RuntimeError(f"unexpected answer: {r.status}, {len(body)} bytes")


async def main(port, conc, reqs):
    url = f"http://127.0.0.1:{port}/"
    line = ""
    for _ in range(2):
        cpu0, t0 = time.process_time(), time.perf_counter()
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=conc)) as session:
            await asyncio.gather(*(worker(session, url, reqs) for _ in range(conc)))
        secs, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        total = conc * reqs
        line = f"conc={conc} req/s={total / secs:.0f} client_cpu_us/req={cpu * 1e6 / total:.1f}"
    return line


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    loop_name = "asyncio"
    if "--uvloop" in sys.argv[4:]:
        import uvloop
        uvloop.install()
        loop_name = "uvloop"
    print(f"aiohttp-{loop_name} " + asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))))
