"""The core table of docs/benchmarks.md from one core session's files: jasyncio beside its peers.

usage: /usr/bin/python3 jasyncio-bench/bin/core-tables.py OUT_DIR   (bin/core runs it at its end)

Reads what jasyncio-bench/bin/core wrote into OUT_DIR: the JMH JSON files (*.json), the memory
probe's outputs (memory-loop.txt, memory-portable.txt), peers/micro/micro.py's output (micro.txt:
CPython asyncio and uvloop) and peers/kotlin/run_micro.py's (kotlin.txt: kotlinx.coroutines and
JDK virtual threads), and prints one markdown table, a row per micro.py workload. jasyncio cells
are JMH medians of the measured iterations [min-max]; peer cells are what their drivers print
(median [min-max] over runs). A missing file leaves its cells as "–".
"""
import glob
import json
import os
import re
import statistics
import sys

ROWS = [  # micro.py name, what it is, unit
    ("sleep0_1k_tasks", "task switch: `sleep(0)` among 1 k tasks", "ns/switch"),
    ("create_task_gather", "spawn + finish a trivial task, 100 k alive", "ns/task"),
    ("create_task_1k", "spawn + finish, 1 k alive (batches of 1,000)", "ns/task"),
    ("future_roundtrip", "future round trip task → task", "ns/future"),
    ("call_soon_batch", "`callSoon`, batches of 1,000", "ns/callback"),
    ("call_soon_chain", "`callSoon` chain, one ready callback per turn", "ns/callback"),
    ("queue_unbounded", "queue put + get, unbounded", "ns/item"),
    ("queue_maxsize1", "queue put + get, maxsize 1 (a switch per item)", "ns/item"),
    ("lock_uncontended", "lock acquire + release, uncontended", "ns/op"),
    ("mem_event_100k", "memory per parked task, 100 k tasks", "bytes/task"),
]

# (benchmark method suffix, params that must match) -> micro.py name, per scheduler
JMH = {
    "loop": {
        "sleep0_1k_tasks": ("TaskSwitch.", {"scheduler": "loop"}),
        "create_task_gather": ("TaskSpawn.", {"scheduler": "loop", "batch": "100000"}),
        "create_task_1k": ("TaskSpawn.", {"scheduler": "loop", "batch": "1000"}),
        "future_roundtrip": ("FutureRoundTrip.", {}),
        "call_soon_batch": ("CallSoonThroughput.batchOf1000", {}),
        "call_soon_chain": ("CallSoonThroughput.chain", {}),
        "queue_unbounded": ("QueueBench.unbounded", {}),
        "queue_maxsize1": ("QueueBench.maxsize1", {}),
        "lock_uncontended": ("LockBench.uncontended", {}),
    },
    "portable": {
        "sleep0_1k_tasks": ("TaskSwitch.", {"scheduler": "portable"}),
        "create_task_gather": ("TaskSpawn.", {"scheduler": "portable", "batch": "100000"}),
        "create_task_1k": ("TaskSpawn.", {"scheduler": "portable", "batch": "1000"}),
    },
}


def fmt(x):
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def jmh_results(out):
    results = []
    for path in sorted(glob.glob(os.path.join(out, "*.json"))):
        try:
            with open(path) as f:
                results += json.load(f)
        except (OSError, ValueError):
            continue
    return results


def jmh_cell(results, method, params):
    for r in results:
        if method not in r["benchmark"]:
            continue
        if any(r.get("params", {}).get(k) != v for k, v in params.items()):
            continue
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        if raw:
            return statistics.median(raw), f"{fmt(statistics.median(raw))} [{fmt(min(raw))}–{fmt(max(raw))}]"
    return None, "–"


def memory_cell(out, name):
    try:
        with open(os.path.join(out, name)) as f:
            for line in f:
                m = re.match(r"tasks=100000 awaiting=own-future heap_bytes_per_task=(\d+)", line)
                if m:
                    return float(m.group(1)), m.group(1)
    except OSError:
        pass
    return None, "–"


def peer_table(path):
    """{column header: {row name: cell}} from the last markdown table in a driver's output."""
    try:
        with open(path) as f:
            lines = [line.rstrip("\n") for line in f]
    except OSError:
        return {}
    tables, current = [], []
    for line in lines:
        if line.startswith("|"):
            current.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    if not tables:
        return {}
    header, body = tables[-1][0], [r for r in tables[-1][2:]]
    return {h: {r[0]: r[i] for r in body if len(r) > i} for i, h in enumerate(header)}


def median_of(cell):
    m = re.match(r"([\d,.]+)", cell or "")
    return float(m.group(1).replace(",", "")) if m else None


def column(table, prefix):
    for h, cells in table.items():
        if h.startswith(prefix):
            return cells
    return {}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    results = jmh_results(out)
    micro = peer_table(os.path.join(out, "micro.txt"))
    kotlin = peer_table(os.path.join(out, "kotlin.txt"))
    peers = [("CPython asyncio", column(micro, "asyncio")), ("uvloop", column(micro, "uvloop median")),
             ("kotlinx runBlocking", column(kotlin, "kotlinx runBlocking")),
             ("kotlinx 1-thread executor", column(kotlin, "kotlinx newSingleThreadContext")),
             ("JDK virtual threads", column(kotlin, "virtual threads"))]
    refs = {name: cells for name, cells in peers}
    peers = [(name, cells) for name, cells in peers if cells]  # a driver that did not run: no column
    header = ["workload", "unit", "jasyncio (loop scheduler)", "jasyncio (portable)"] + [p for p, _ in peers] \
        + ["jasyncio / kotlinx runBlocking", "jasyncio / virtual threads"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for name, what, unit in ROWS:
        if name == "mem_event_100k":
            ours, loop_cell = memory_cell(out, "memory-loop.txt")
            _, portable_cell = memory_cell(out, "memory-portable.txt")
        else:
            ours, loop_cell = jmh_cell(results, *JMH["loop"][name]) if name in JMH["loop"] else (None, "–")
            _, portable_cell = jmh_cell(results, *JMH["portable"][name]) if name in JMH["portable"] else (None, "–")
        cells = [p.get(name, "–") or "–" for _, p in peers]
        ratios = []
        for ref in (refs["kotlinx runBlocking"].get(name), refs["JDK virtual threads"].get(name)):
            theirs = median_of(ref)
            ratios.append(f"{ours / theirs:.2f}" if ours and theirs else "–")
        print(f"| {what} (`{name}`) | {unit} | {loop_cell} | {portable_cell} | " + " | ".join(cells) + " | "
              + " | ".join(ratios) + " |")
    print()
    print("jasyncio: JMH (`-f 1 -wi 3 -w 1s -i 5 -r 1s` unless JMH= says otherwise), median of the measured "
          "iterations [min–max], unpinned, default JVM flags plus the add-opens flag; memory: MemoryPerTask, "
          "own future per task. Peers: their drivers' median [min–max] over runs (micro.py pinned to CPU 1; "
          "run_micro.py: a fresh JVM per run pinned to CPU 1, so SerialGC and one carrier thread). "
          "Ratios divide medians; below 1 jasyncio is faster or smaller.")


if __name__ == "__main__":
    main()
