"""CPython asyncio / uvloop peers of StructuredConcurrencyBench that micro.py lacks: ns per
wait_for(nop(), 10), per `async with timeout(10)`, and per `await create_task(nop())`.

usage: /usr/bin/python3 jasyncio-bench/python/structured.py [--runs 5]
"""
import argparse
import asyncio
import statistics
import time

N = 20_000


async def nop():
    return 1


async def await_task():
    for _ in range(N):
        await asyncio.create_task(nop())


async def wait_for_immediate():
    for _ in range(N):
        await asyncio.wait_for(nop(), 10)


async def timeout_enter_exit():
    for _ in range(N):
        async with asyncio.timeout(10):
            pass


BENCHES = [await_task, wait_for_immediate, timeout_enter_exit]


def measure(bench, use_uvloop):
    if use_uvloop:
        import uvloop
        runner = asyncio.Runner(loop_factory=uvloop.new_event_loop)
    else:
        runner = asyncio.Runner()
    with runner:
        runner.run(bench())  # warm-up
        t0 = time.perf_counter_ns()
        runner.run(bench())
        return (time.perf_counter_ns() - t0) / N


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    print(f"{'bench':22} {'asyncio ns/op':>14} {'uvloop ns/op':>14}")
    for bench in BENCHES:
        row = []
        for use_uvloop in (False, True):
            row.append(statistics.median(measure(bench, use_uvloop) for _ in range(args.runs)))
        print(f"{bench.__name__:22} {row[0]:14.0f} {row[1]:14.0f}")


if __name__ == "__main__":
    main()
