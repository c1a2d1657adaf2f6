#!/bin/bash
# How much the default verification budget resolves on this machine (docs/verify.md): a
# harmless change (tcp_fin_timeout, in a private network namespace) verified by the
# high-concurrency-web profile's [verify] set with the shipped cap. Prints, per benchmark, the
# time, the repetitions per arm, the noise CV and the smallest resolvable regression.
# Needs root (a network namespace); the namespace and the state dir are removed on exit.
# usage: tests/perf/verify_budget.sh [VTUNE] [REPETITIONS]
set -eu
VTUNE=${1:-build/vtune}
REPS=${2:-100}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
NS=vtune-verify-budget-$$
WORK=$(mktemp -d)
trap 'ip netns del "$NS" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cat > "$WORK/verify-web-set.toml" <<TOML
[profile]
name = "verify-web-set"
summary = "A harmless change judged by the high-concurrency-web [verify] set"
[rules]
tags = ["vtest-harmless"]
[params]
verify_nic = "vtv0"
[verify]
benchmarks = ["net.tcp_rr", "net.accept_burst", "sys.syscall"]
max_regression = "5%"
repetitions = $REPS
TOML
ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add vtv0 type veth peer name vtv1
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
ip netns exec "$NS" "$VTUNE" apply --profile "$WORK/verify-web-set.toml" \
  --rules "$SRC/tests/netns/verify" --state-dir "$WORK/state" --yes --format json > "$WORK/out.json" || true
python3 - "$WORK/out.json" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))["verification"]
print(f"set: {v['seconds']:.1f} s of a {v['budget_seconds']:.0f} s budget, cap {v['repetitions_cap']}, {v['mode']}")
for b in v["benchmarks"]:
    r = b["readiness"]
    lo, hi = ((x - 1) * 100 for x in b["ci95"])
    print(f"{b['name']:18} {b['seconds']:6.1f} s  reps {b['reps']['baseline']:>3}+{b['reps']['candidate']:<3} "
          f"cv {r['cv'] * 100:5.1f}%  smallest resolvable ~{r['smallest_resolvable'] * 100:.1f}%  "
          f"{b['verdict']} [{lo:+.1f}%, {hi:+.1f}%]")
PY
