"""aiofiles beside FilesBench (docs/benchmarks.md "Files"): python3 files_bench.py MODE PATH SIZE."""
import asyncio
import sys
import time

import aiofiles

CHUNK = 64 * 1024
LINE = b"0123456789 the quick brown fox jumps over the lazy dog 0123456789 abcdefghijklmnopqrstuvwxyz 012\n"


async def main(mode, path, size):
    if mode == "write":
        c = LINE * (CHUNK // len(LINE))
        written = 0
        async with aiofiles.open(path, "wb") as f:
            while written < size:
                await f.write(c)
                written += len(c)
        return written
    if mode == "lines":
        n = 0
        async with aiofiles.open(path, "r") as f:
            async for _ in f:
                n += 1
        return n
    total = 0
    async with aiofiles.open(path, "rb") as f:
        while True:
            b = await f.read(CHUNK)
            if not b:
                return total
            total += len(b)


mode, path, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0, c0 = time.perf_counter(), time.process_time()
n = asyncio.run(main(mode, path, size))
s, cpu = time.perf_counter() - t0, time.process_time() - c0
print(f"aiofiles {mode:<6} {size / 1e6 / s:6.0f} MB/s  {s:.2f} s  cpu {cpu:.2f} s  ({n} {'lines' if mode == 'lines' else 'bytes'})")
