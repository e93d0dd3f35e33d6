"""CPython asyncio / uvloop beside SubprocessBench (docs/benchmarks.md "Subprocess pipes").

python3 subprocess_bench.py cat SIZE_BYTES [--uvloop]
python3 subprocess_bench.py pingpong ROUND_TRIPS [--uvloop]
The same children and the same reads as the Java side: head -c SIZE /dev/zero read with
stdout.read(65536) to EOF; a cat child echoing a 64-byte line, written, drained and read back with
readexactly before the next. As there, a warm-up run of a tenth of the size comes first and the
figures (wall and this process's CPU time) cover the measured run only.
"""
import asyncio
import sys
import time

CHUNK = 64 * 1024
LINE = b"x" * 63 + b"\n"


async def cat(size):
    p = await asyncio.create_subprocess_exec("head", "-c", str(size), "/dev/zero", stdout=asyncio.subprocess.PIPE)
    total = 0
    while True:
        b = await p.stdout.read(CHUNK)
        if not b:
            break
        total += len(b)
    if await p.wait() != 0 or total != size:
        raise SystemExit(f"child failed: rc {p.returncode}, {total} bytes")
    return total


async def pingpong(trips):
    p = await asyncio.create_subprocess_exec("cat", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    for _ in range(trips):
        p.stdin.write(LINE)
        await p.stdin.drain()
        await p.stdout.readexactly(len(LINE))
    p.stdin.close()
    if await p.wait() != 0:
        raise SystemExit(f"cat failed: rc {p.returncode}")
    return trips


mode, n = sys.argv[1], int(sys.argv[2])
name = "asyncio"
if "--uvloop" in sys.argv:
    import uvloop
    uvloop.install()
    name = "uvloop"


async def measure():
    await (cat(n // 10) if mode == "cat" else pingpong(n // 10))
    t0, c0 = time.perf_counter(), time.process_time()
    count = await (cat(n) if mode == "cat" else pingpong(n))
    return count, time.perf_counter() - t0, time.process_time() - c0


done, s, cpu = asyncio.run(measure())
if mode == "cat":
    print(f"{name:<9} cat       {done / 1e6 / s:7.0f} MB/s      {s:.2f} s  cpu {cpu:.2f} s  ({done} bytes, cpu {cpu * 2**30 / done:.2f} s/GiB)")
else:
    print(f"{name:<9} pingpong  {s * 1e6 / done:7.1f} µs/trip   {s:.2f} s  cpu {cpu:.2f} s  ({done} round trips, cpu {cpu * 1e6 / done:.1f} µs/trip)")
