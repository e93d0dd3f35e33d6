#!/usr/bin/env python3
"""Side by side on a noisy machine: several HTTP servers started at once, each warmed up, then
wrk loads on them in turn (round 1 of every server, round 2, ...), each server's CPU time read in
nanoseconds from /proc/PID/task/*/schedstat over its own load. Server CPU per request depends
much less on the neighbours than req/s does, and the interleaving gives every server the same mix
of quiet and busy moments. Servers are pinned to CPU 1, wrk to CPU 0; all on 127.0.0.1, every
server stopped by its PID.

usage: http_ab.py PEERS [--depth 16] [--conns 50] [--rounds 6] [--secs 3] [--path /] NAME=COMMAND...
       (COMMAND contains {port}; --depth 1: no pipelining, else wrk/pipeline.lua with N per write)
"""
import argparse
import glob
import os
import re
import socket
import statistics
import subprocess
import sys
import time


def cpu_ns(pid):
    total = 0
    for f in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            total += int(open(f).read().split()[0])
        except OSError:
            pass  # a thread that ended meanwhile
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("peers")
    ap.add_argument("--depth", type=int, default=16)
    ap.add_argument("--conns", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--secs", type=int, default=3)
    ap.add_argument("--path", default="/")
    ap.add_argument("servers", nargs="+", metavar="NAME=COMMAND")
    a = ap.parse_args()

    def wrk(port, secs):
        cmd = ["taskset", "-c", "0", "wrk", "-t1", f"-c{a.conns}", f"-d{secs}s", "--latency"]
        env = dict(os.environ)
        if a.depth > 1:
            cmd += ["-s", os.path.join(a.peers, "http", "wrk", "pipeline.lua")]
            env["WRK_DEPTH"] = str(a.depth)
        out = subprocess.run(cmd + [f"http://127.0.0.1:{port}{a.path}"], capture_output=True, text=True,
                             env=env, timeout=secs + 30).stdout
        m = re.search(r"(\d+) requests in", out)
        p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
        return (int(m.group(1)) if m else 0), (p99.group(1) if p99 and a.depth == 1 else "n/a")

    procs = []
    try:
        for i, spec in enumerate(a.servers):
            name, _, command = spec.partition("=")
            port = 18300 + i
            p = subprocess.Popen(["taskset", "-c", "1", "sh", "-c", "exec " + command.replace("{port}", str(port))],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            procs.append((name, port, p))
        for name, port, p in procs:
            deadline = time.time() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), 1).close()
                    break
                except OSError:
                    if time.time() > deadline or p.poll() is not None:
                        sys.exit(f"{name} did not start listening on {port}")
                    time.sleep(0.1)
        for _ in range(5):  # the JIT's warm-up, ~10 s per JVM server (as run_http.py gives)
            for name, port, p in procs:
                wrk(port, 2)
        results = {name: [] for name, _, _ in procs}
        for r in range(a.rounds):
            for name, port, p in procs:
                load = os.getloadavg()[0]
                c0, t0 = cpu_ns(p.pid), time.time()
                n, p99 = wrk(port, a.secs)
                c1, dt = cpu_ns(p.pid), time.time() - t0
                if n == 0:
                    sys.exit(f"{name}: wrk got no answers")
                us = (c1 - c0) / 1e3 / n
                results[name].append((us, n / dt, load))
                print(f"{name:16s} round {r + 1}: {n / dt:10,.0f} req/s  {us:5.2f} us/req  "
                      f"server {100 * (c1 - c0) / 1e9 / dt:3.0f}% of a CPU  p99 {p99}  load {load:.1f}", flush=True)
    finally:
        for name, port, p in procs:
            p.kill()
            p.wait()
    print(f"\n| server | server CPU us/req, median [min-max] | req/s median | load average (1 min) during its rounds |")
    print("|---|---|---|---|")
    for name, v in results.items():
        us = [x[0] for x in v]
        loads = [x[2] for x in v]
        print(f"| {name} | {statistics.median(us):.2f} [{min(us):.2f}-{max(us):.2f}] | "
              f"{statistics.median(x[1] for x in v):,.0f} | {min(loads):.1f}-{max(loads):.1f} |")


if __name__ == "__main__":
    main()
