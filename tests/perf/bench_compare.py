#!/usr/bin/env python3
"""vtune bench against the reference tools, in one run, with the same parameters.

    tests/perf/bench_compare.py [--vtune build/vtune] [--rounds 5] [--duration 3] [--dir /var/tmp]

Pairs (vtune benchmark = reference command):
  net.tcp_stream      iperf3 -c 127.0.0.1 -l WRITE -P 1 -A 0,1  (Gbit/s received)
  net.tcp_rr          sockperf ping-pong --tcp -m SIZE --full-rtt, client CPU 0, server CPU 1
                      (trans/s = 1e6 / average round trip in us; one transaction in flight)
  storage.randread4k  fio randread bs=4k iodepth=32 direct=1 ioengine=io_uring, same --dir and
                      size, CPU 0 (IOPS)
  mem.triad           sysbench memory, read and write, 2 threads, 128 MiB blocks (a trend
                      only: Triad counts 24 bytes per element of 32 moved, sysbench counts
                      the bytes it reads or writes; see docs/benchmarks.md)

Each round runs both sides of every pair back to back, alternating which side goes first
(A B, then B A), so machine drift on this shared host hits both. The figures are the medians
over the rounds; the ratio is vtune / reference. Only the stdlib: python3 is all there is.
"""

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=5.0):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


class Pair:
    """One comparison: how to run each side once; each run gives one figure per row, as
    (name, unit, note) in `rows`: vtune_pick(result) and reference() return one list each."""

    def __init__(self, name, rows, vtune_args, vtune_pick, reference):
        self.name, self.rows = name, rows
        self.vtune_args, self.vtune_pick, self.reference = vtune_args, vtune_pick, reference
        self.vtune_cmd = None
        self.reference_cmd = None
        self.v = [[] for _ in rows]
        self.r = [[] for _ in rows]


def vtune_once(args, pair):
    cmd = [args.vtune, "bench", *pair.vtune_args, "--reps", "1", "--format", "json"]
    pair.vtune_cmd = " ".join(cmd)
    doc = json.loads(run(cmd))
    res = doc["results"][0]
    if "error" in res:
        raise RuntimeError(f"{pair.name}: {res['error']}")
    return pair.vtune_pick(res)


def iperf3_once(args, pair):
    port = free_port()
    server = subprocess.Popen(["iperf3", "-s", "-1", "-p", str(port), "-B", "127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port_iperf(port)
        cmd = ["iperf3", "-c", "127.0.0.1", "-p", str(port), "-l", "131072", "-P", "1",
               "-A", "0,1", "-t", str(args.duration), "-J"]
        pair.reference_cmd = " ".join(cmd)
        out = json.loads(run(cmd))
        return [out["end"]["sum_received"]["bits_per_second"] / 1e9]
    finally:
        server.wait(timeout=10)


def wait_port_iperf(port):
    # iperf3 -s -1 serves one test only; a probe connect would use it up. Poll with ss instead.
    end = time.time() + 5
    while time.time() < end:
        if f":{port} " in run(["ss", "-ltnH"]):
            return
        time.sleep(0.05)
    raise RuntimeError("iperf3 server did not start")


def sockperf_once(args, pair):
    port = free_port()
    server = subprocess.Popen(["taskset", "-c", "1", "sockperf", "server", "--tcp", "-i",
                               "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port)
        cmd = ["taskset", "-c", "0", "sockperf", "ping-pong", "--tcp", "-i", "127.0.0.1", "-p",
               str(port), "-m", str(args.msg_size), "-t", str(args.duration), "--full-rtt"]
        pair.reference_cmd = " ".join(cmd)
        out = run(cmd)
        m = re.search(r"avg-rtt=([0-9.]+)", out)
        p50 = re.search(r"percentile 50\.000 =\s*([0-9.]+)", out)
        if not m or not p50:
            raise RuntimeError("sockperf printed no avg-rtt or median:\n" + out)
        return [1e6 / float(m.group(1)), float(p50.group(1))]
    finally:
        server.terminate()
        server.wait(timeout=10)


def fio_once(args, pair):
    name = f"vtune-compare-{os.getpid()}"
    cmd = ["fio", f"--name={name}", f"--directory={args.dir}", "--rw=randread", "--bs=4k",
           "--iodepth=32", "--direct=1", "--ioengine=io_uring", "--size=256M",
           f"--runtime={args.duration}", "--time_based", "--ramp_time=200ms", "--cpus_allowed=0",
           "--unlink=1", "--output-format=json"]
    pair.reference_cmd = " ".join(cmd)
    try:
        out = json.loads(run(cmd))
    finally:
        for f in os.listdir(args.dir):
            if f.startswith(name):
                os.unlink(os.path.join(args.dir, f))
    read = out["jobs"][0]["read"]
    return [read["iops"], read["clat_ns"]["percentile"]["50.000000"] / 1e3]


def sysbench_once(oper):
    def once(args, pair):
        cmd = ["sysbench", "memory", "--memory-block-size=128M", "--memory-total-size=0",
               f"--memory-oper={oper}", "--memory-access-mode=seq", "--threads=2",
               f"--time={args.duration}", "run"]
        pair.reference_cmd = " ".join(cmd)
        out = run(cmd)
        m = re.search(r"\(([0-9.]+) MiB/sec\)", out)
        if not m:
            raise RuntimeError("sysbench printed no MiB/sec:\n" + out)
        return [float(m.group(1)) * 1024 * 1024 / 1e9]  # GB/s, 10^9 bytes as vtune
    return once


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vtune", default="build/vtune")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--duration", type=int, default=3, help="seconds per measurement")
    ap.add_argument("--dir", default="/var/tmp")
    ap.add_argument("--msg-size", type=int, default=64,
                    help="tcp_rr request and response size (sockperf's minimum is 14)")
    ap.add_argument("--only", default="", help="comma-separated pair names to run")
    args = ap.parse_args()
    d = str(args.duration)
    def med(r):
        return [r["median"]]

    pairs = [
        Pair("net.tcp_stream", [("net.tcp_stream", "Gbit/s", "iperf3 -P 1 -l 128K -A 0,1")],
             # the primary figure is the first half of the repetition: one stream.
             ["net.tcp_stream", "--param", "write_size=131072", "--param", "streams=1",
              "--duration", str(2 * args.duration)],
             med, iperf3_once),
        Pair("net.tcp_rr", [("net.tcp_rr", "trans/s", "sockperf: 1e6 / avg-rtt"),
                            ("net.tcp_rr p50", "us", "sockperf: median rtt")],
             ["net.tcp_rr", "--param", f"request_size={args.msg_size}", "--param",
              f"response_size={args.msg_size}", "--duration", d],
             lambda r: [r["median"], r["secondary"]["p50_us"]["median"]], sockperf_once),
        Pair("storage.randread4k", [("storage.randread4k", "IOPS", "fio randread"),
                                    ("randread4k p50", "us", "fio: median clat")],
             ["storage.randread4k", "--param", "iodepth=32", "--param", "size_mib=256",
              "--dir", args.dir, "--duration", d],
             lambda r: [r["median"], r["secondary"]["p50_us"]["median"]], fio_once),
        Pair("mem.triad~read", [("mem.triad~read", "GB/s", "trend: sysbench read")],
             ["mem.triad", "--param", "threads=2", "--duration", d], med, sysbench_once("read")),
        Pair("mem.triad~write", [("mem.triad~write", "GB/s", "trend: sysbench write")],
             ["mem.triad", "--param", "threads=2", "--duration", d], med,
             sysbench_once("write")),
    ]
    if args.only:
        keep = set(args.only.split(","))
        pairs = [p for p in pairs if p.name in keep]
    for rnd in range(args.rounds):
        for p in pairs:
            sides = [(p.v, lambda: vtune_once(args, p)), (p.r, lambda: p.reference(args, p))]
            if rnd % 2:
                sides.reverse()
            for store, fn in sides:
                for i, val in enumerate(fn()):
                    store[i].append(val)
            print(f"round {rnd + 1}/{args.rounds} {p.name}: vtune {[round(x[-1], 4) for x in p.v]} "
                  f"reference {[round(x[-1], 4) for x in p.r]}", file=sys.stderr, flush=True)
    print(f"{'benchmark':<20} {'unit':<8} {'vtune':>10} {'reference':>10} {'ratio':>7}  "
          f"{'±10%':<5} reference")
    for p in pairs:
        for i, (name, unit, note) in enumerate(p.rows):
            v, r = statistics.median(p.v[i]), statistics.median(p.r[i])
            ratio = v / r
            ok = "yes" if abs(ratio - 1) <= 0.10 else "no"
            if name.startswith("mem.triad"):
                ok = "trend"
            print(f"{name:<20} {unit:<8} {v:>10.4g} {r:>10.4g} {ratio:>7.3f}  {ok:<5} {note}")
    print()
    print(f"medians of {args.rounds} interleaved rounds, {args.duration} s per measurement")
    for p in pairs:
        for i, (name, _, _) in enumerate(p.rows):
            print(f"{name}: vtune     {[round(x, 4) for x in p.v[i]]}")
            print(f"{' ' * len(name)}  reference {[round(x, 4) for x in p.r[i]]}")
        print(f"  vtune:     {p.vtune_cmd}")
        print(f"  reference: {p.reference_cmd}")


if __name__ == "__main__":
    main()
