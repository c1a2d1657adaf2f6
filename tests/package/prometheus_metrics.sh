#!/bin/bash
# package.prometheus_metrics: `vtune check --format prometheus` on every fixture host passes
# `promtool check metrics` (the exposition format and Prometheus's naming conventions:
# base units, _total only on counters, no reserved suffixes). Skips when promtool (Debian
# package prometheus) is missing.
#
#   prometheus_metrics.sh VTUNE FIXTURES_DIR
set -euo pipefail
vtune=$1
fixtures=$2
command -v promtool >/dev/null || { echo "SKIP: promtool is not installed (Debian: prometheus)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
for host in "$fixtures"/hosts/*/; do
  [[ -d $host/proc ]] || continue
  name=$(basename "$host")
  set +e
  "$vtune" check --root "$host" --profile high-concurrency-web --format prometheus \
    --output "$work/$name.prom" 2>"$work/$name.err"
  rc=$?
  set -e
  case $rc in 0 | 1 | 2 | 4) ;; *) cat "$work/$name.err" >&2; echo "FAIL: $name: exit $rc" >&2; exit 1 ;; esac
  if [[ ! -f $work/$name.prom ]]; then  # a partial fixture that is not a host tree (exit 1)
    echo "$name: not a host tree ($(head -c 60 "$work/$name.err")...), skipped"
    continue
  fi
  if ! out=$(promtool check metrics <"$work/$name.prom" 2>&1); then
    printf 'FAIL: %s:\n%s\n' "$name" "$out" >&2
    exit 1
  fi
  grep -q '^vtune_check_timestamp_seconds{' "$work/$name.prom" || { echo "FAIL: $name: no timestamp" >&2; exit 1; }
  echo "$name: exit $rc, $(grep -vc '^#' "$work/$name.prom") series, promtool: ok"
  n=$((n + 1))
done
[[ $n -gt 0 ]] || { echo "FAIL: no fixture hosts" >&2; exit 1; }
echo PASS
