#!/usr/bin/env python3
"""A synthetic fleet for `vtune audit`, and its timing.

usage: audit_perf_fleet.py make FIXTURES_DIR OUT_DIR COUNT [SEED]
       audit_perf_fleet.py time VTUNE FIXTURES_DIR COUNT [LIMIT_SECONDS] [-- AUDIT_ARGS...]

`make` writes COUNT snapshots into OUT_DIR (host-0000, host-0001, ...), each a copy of one of
the fixture hosts in turn, with varied values: the host name, a dozen sysctls (somaxconn,
rmem_max, swappiness, ...), THP, the NIC ring sizes in .vtune/ethtool/*.json, and on every
fifth host one NIC fewer (its sys/class/net entry removed). Unchanged files are hard links to
the fixture's, so a thousand hosts take little space; a varied file is unlinked and written
anew (the fixture is never written through a link). The same SEED gives the same fleet.

`time` makes the fleet in a temporary directory, runs `VTUNE audit --profile
high-concurrency-web --format json OUT_DIR` (plus AUDIT_ARGS), and prints the wall time, the
peak resident memory (getrusage of the child, ru_maxrss) and the host counts; it exits 1 when
the audit took longer than LIMIT_SECONDS (default 10) or the counts are wrong.
"""
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HOSTS = ["baremetal-2s", "container-host", "kvm-guest", "kvm-host", "this-machine", "vmware-guest"]

SYSCTLS = {
    "net/core/somaxconn": ["128", "4096", "65535"],
    "net/core/rmem_max": ["212992", "4194304", "16777216", "67108864"],
    "net/core/wmem_max": ["212992", "4194304", "16777216", "67108864"],
    "net/core/netdev_max_backlog": ["1000", "5000", "250000"],
    "net/ipv4/tcp_max_syn_backlog": ["512", "4096", "65535"],
    "net/ipv4/tcp_fin_timeout": ["60", "30", "15"],
    "net/ipv4/tcp_tw_reuse": ["0", "1", "2"],
    "net/ipv4/tcp_slow_start_after_idle": ["0", "1"],
    "net/ipv4/tcp_congestion_control": ["cubic", "bbr"],
    "net/core/default_qdisc": ["pfifo_fast", "fq", "fq_codel"],
    "vm/swappiness": ["60", "10", "1"],
    "vm/dirty_ratio": ["20", "10", "40"],
    "fs/file-max": ["9223372036854775807", "1048576", "2097152"],
}
THP = ["always [madvise] never", "[always] madvise never", "always madvise [never]"]


def copy_tree(src, dst):
    """Directories made anew, files hard-linked, symbolic links copied as links."""
    for root, dirs, files in os.walk(src):
        rel = os.path.relpath(root, src)
        out = os.path.join(dst, rel) if rel != "." else dst
        os.makedirs(out, exist_ok=True)
        for d in list(dirs):
            p = os.path.join(root, d)
            if os.path.islink(p):
                os.symlink(os.readlink(p), os.path.join(out, d))
                dirs.remove(d)  # not walked into: it is a link
        for f in files:
            p = os.path.join(root, f)
            if os.path.islink(p):
                os.symlink(os.readlink(p), os.path.join(out, f))
            else:
                os.link(p, os.path.join(out, f))


def rewrite(path, text):
    """Replaces a (hard-linked) file with new contents without touching the fixture."""
    if os.path.lexists(path):
        os.unlink(path)
    with open(path, "w") as f:
        f.write(text)


def vary(snap, name, rng, index):
    rewrite(os.path.join(snap, "proc/sys/kernel/hostname"), name + "\n")
    for key, values in SYSCTLS.items():
        path = os.path.join(snap, "proc/sys", key)
        if os.path.exists(path):
            rewrite(path, rng.choice(values) + "\n")
    thp = os.path.join(snap, "sys/kernel/mm/transparent_hugepage/enabled")
    if os.path.exists(thp):
        rewrite(thp, rng.choice(THP) + "\n")
    ethtool = os.path.join(snap, ".vtune/ethtool")
    if os.path.isdir(ethtool):
        for f in sorted(os.listdir(ethtool)):
            path = os.path.join(ethtool, f)
            with open(path) as fh:
                doc = json.load(fh)
            ring = doc.get("ring")
            if ring and ring.get("rx_max"):
                ring["rx"] = rng.choice([x for x in (256, 512, 1024, 2048, 4096, 8192)
                                         if x <= ring["rx_max"]] or [ring["rx"]])
            rewrite(path, json.dumps(doc))
    net = os.path.join(snap, "sys/class/net")
    if index % 5 == 4 and os.path.isdir(net):
        nics = sorted(n for n in os.listdir(net) if n not in ("lo", ".vtune-keep"))
        if len(nics) > 1:
            os.unlink(os.path.join(net, nics[-1]))


def make(fixtures, out, count, seed=1):
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        base = HOSTS[i % len(HOSTS)]
        name = f"host-{i:04d}"
        snap = os.path.join(out, name)
        copy_tree(os.path.join(fixtures, "hosts", base), snap)
        vary(snap, f"{base}-{i:04d}", rng, i)


def time_audit(vtune, fixtures, count, limit, extra):
    work = tempfile.mkdtemp(prefix="vtune-fleet-")
    try:
        fleet = os.path.join(work, "fleet")
        t0 = time.monotonic()
        make(fixtures, fleet, count)
        print(f"made {count} snapshots in {time.monotonic() - t0:.1f} s under {fleet}")
        cmd = [vtune, "audit", "--profile", "high-concurrency-web", "--format", "json",
               "--html", os.path.join(work, "audit.html"), fleet] + extra
        print("command:", " ".join(cmd))
        t0 = time.monotonic()
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wall = time.monotonic() - t0
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB
        cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"wall {wall:.2f} s, user {cpu.ru_utime:.2f} s, sys {cpu.ru_stime:.2f} s, "
              f"peak RSS {rss / 1024:.0f} MiB, exit {proc.returncode}, "
              f"load average {os.getloadavg()[0]:.2f}")
        print(f"html report {os.path.getsize(os.path.join(work, 'audit.html')) / 1e6:.1f} MB")
        doc = json.loads(proc.stdout)
        print("summary:", json.dumps(doc["summary"]))
        ok = True
        if doc["summary"]["hosts"] != count or doc["summary"]["failed"] != 0:
            print("FAIL: expected", count, "audited hosts;", proc.stderr.decode()[-2000:])
            ok = False
        if wall > limit:
            print(f"FAIL: {wall:.2f} s is over the {limit:.0f} s budget")
            ok = False
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv):
    if len(argv) >= 4 and argv[0] == "make":
        make(argv[1], argv[2], int(argv[3]), int(argv[4]) if len(argv) > 4 else 1)
        return 0
    if len(argv) >= 4 and argv[0] == "time":
        extra = argv[argv.index("--") + 1:] if "--" in argv else []
        rest = argv[:argv.index("--")] if "--" in argv else argv
        limit = float(rest[4]) if len(rest) > 4 else 10.0
        return time_audit(rest[1], rest[2], int(rest[3]), limit, extra)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
