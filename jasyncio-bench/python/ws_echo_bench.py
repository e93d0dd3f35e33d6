"""WebSocket echo benchmark: each server in turn under the same Java NIO load client
(io.jasyncio.bench.WsEchoLoad: CONNS connections, DEPTH SIZE-byte binary messages in flight on
each, sent in one write), one run each, unpinned; prints msgs/s and the server's CPU microseconds
per message. --server-jar runs the jasyncio-http server from another build (a before/after pair
under the same load client).

usage: /usr/bin/python3 ws_echo_bench.py PEERS_DIR JAVA BENCH_JAR [--conns 10,100] [--size 32]
           [--seconds 5] [--depth 1] [--servers jasyncio-http,aiohttp,aiohttp-uvloop] [--server-jar JAR]
Uses PEERS_DIR/harness.py to start and stop each server by its PID.
"""
import argparse
import os
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("peers")
    ap.add_argument("java")
    ap.add_argument("jar")
    ap.add_argument("--conns", default="10,100")
    ap.add_argument("--size", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--depth", type=int, default=1)
    ap.add_argument("--servers", default="jasyncio-http,aiohttp,aiohttp-uvloop")
    ap.add_argument("--server-jar", default=None)
    args = ap.parse_args()
    sys.path.insert(0, args.peers)
    import harness as h

    java = [args.java, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", args.jar]
    server_java = java[:-1] + [args.server_jar or args.jar]
    servers = {
        "jasyncio-http": lambda p: server_java + ["io.jasyncio.bench.WsEchoServer", str(p)],
        "aiohttp": lambda p: ["/usr/bin/python3", f"{HERE}/ws_echo_aiohttp.py", str(p)],
        "aiohttp-uvloop": lambda p: ["/usr/bin/python3", f"{HERE}/ws_echo_aiohttp.py", str(p), "--uvloop"],
    }
    print(h.machine_facts(), flush=True)
    for name in args.servers.split(","):
        for conns in [int(c) for c in args.conns.split(",")]:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            log = os.path.join("/tmp", f"ws-echo-{name}-{port}.log")
            with h.Server(servers[name](port), port, False, log) as srv:
                warmup = 12 if name.startswith("jasyncio") else 2
                h.wait_quiet()
                b0, t0 = h.machine_busy_s(), time.monotonic()
                out = subprocess.run(java + ["io.jasyncio.bench.WsEchoLoad", str(port), str(conns), str(args.size),
                                             str(warmup), str(args.seconds), str(srv.proc.pid), str(args.depth)],
                                     capture_output=True, text=True, timeout=warmup + args.seconds + 60)
                busy = 100.0 * (h.machine_busy_s() - b0) / (time.monotonic() - t0)
                if out.returncode != 0:
                    raise SystemExit(f"{name}: load client failed: {out.stderr}")
                r = dict(kv.split("=") for kv in out.stdout.split())
                line = (f"{name:16s} conns={conns:3d} size={args.size} depth={args.depth} msgs/s={float(r['msgs_per_s']):9,.0f} "
                        f"server_us/msg={float(r['server_us_per_msg']):6.2f} machine_busy={busy:3.0f}%")
                print(line, flush=True)


if __name__ == "__main__":
    main()
