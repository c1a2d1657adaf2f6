#!/bin/bash
# package.deb_install: installs the .deb (and its -dbgsym) on this machine with dpkg -i, runs
# the installed vtune, then purges it and checks that nothing is left. Needs root; skips
# (77) otherwise, and when a vtune package or /usr/bin/vtune is already there (it is not
# ours to remove). The EXIT trap purges what this script installed, whatever happens.
#
#   deb_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
fixture=$src/tests/fixtures/hosts/baremetal-2s
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[[ $(id -u) == 0 ]] || skip "dpkg -i needs root"
command -v dpkg-deb >/dev/null || skip "not a Debian system"
if dpkg-query -W -f='${db:Status-Abbrev}' vtune 2>/dev/null | grep -q '^[ih]'; then
  skip "a vtune package is already installed; not touching it"
fi
[[ -e /usr/bin/vtune ]] && skip "/usr/bin/vtune exists and is not from a vtune package"

debs=$("$src/tests/package/fresh_deb.sh" "$build" "$src")
deb=$(sed -n 1p <<<"$debs")
dbgsym=$(sed -n 2p <<<"$debs")
echo "package: $deb ($(stat -c %s "$deb") bytes)"
echo "symbols: $dbgsym ($(stat -c %s "$dbgsym") bytes)"

work=$(mktemp -d)
installed=no
cleanup() {
  rc=$?
  if [[ $installed == yes ]]; then
    dpkg_locked --purge vtune-dbgsym vtune >/dev/null 2>&1 || echo "WARNING: dpkg --purge failed" >&2
  fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT INT TERM

# dpkg waits for no lock: other jobs on this machine may be running apt. Retry a while.
dpkg_locked() {
  local out
  for _ in $(seq 1 60); do
    if out=$(dpkg "$@" 2>&1); then
      printf '%s\n' "$out"
      return 0
    fi
    grep -q "lock" <<<"$out" || { printf '%s\n' "$out" >&2; return 1; }
    sleep 5
  done
  printf '%s\n' "$out" >&2
  return 1
}

installed=yes  # from here on, the trap purges (a half-done install too)
dpkg_locked -i "$deb" "$dbgsym"
[[ $(dpkg-query -W -f='${db:Status-Abbrev}' vtune) == "ii " ]] || fail "vtune is not installed"

# The installed binary, stripped, with its symbols in the -dbgsym package by build id.
[[ $(command -v vtune) == /usr/bin/vtune ]] || fail "vtune is not /usr/bin/vtune on PATH"
file -b /usr/bin/vtune | grep -q ", stripped" || fail "/usr/bin/vtune is not stripped"
build_id=$(readelf -n /usr/bin/vtune | sed -n 's/.*Build ID: //p')
[[ -f /usr/lib/debug/.build-id/${build_id:0:2}/${build_id:2}.debug ]] ||
  fail "no debug symbols for build id $build_id"

version=$(cd / && env -i PATH=/usr/bin:/bin vtune --version)
echo "installed: $version"
[[ $version == "vtune $(sed -n 's/^Version: //p' < <(dpkg-deb -f "$deb"))" ]] ||
  fail "vtune --version says '$version'"

# plan from /, with no VTUNE_* in the environment: the rules and profiles must come from
# /usr/share/vtune. Exit 2 is the fixture's drift.
set +e
(cd / && env -i PATH=/usr/bin:/bin vtune plan --root "$fixture" --profile high-concurrency-web) \
  >"$work/plan.txt" 2>"$work/plan.err"
rc=$?
set -e
[[ $rc == 2 ]] || { cat "$work/plan.err" >&2; fail "vtune plan exited $rc, not 2 (drift)"; }
head -2 "$work/plan.txt"
grep -q "^plan for profile high-concurrency-web (base -> high-concurrency-web)" "$work/plan.txt" ||
  fail "the plan does not name the profile chain"
(cd / && env -i PATH=/usr/bin:/bin vtune profiles --format json) >"$work/profiles.json"
grep -q '"file": "/usr/share/vtune/profiles/high-concurrency-web.toml"' "$work/profiles.json" ||
  fail "the profiles do not come from /usr/share/vtune/profiles"

# The man page, the completion and the units.
[[ $(man -w vtune) == /usr/share/man/man8/vtune.8.gz ]] || fail "man -w vtune: $(man -w vtune 2>&1)"
bash -n /usr/share/bash-completion/completions/vtune
units=(/usr/lib/systemd/system/vtune-apply.service /usr/lib/systemd/system/vtune-check.service
  /usr/lib/systemd/system/vtune-check.timer)
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "${units[@]}" || fail "systemd-analyze verify"
fi
[[ $(dpkg-query -W -f='${Conffiles}' vtune) == *"/etc/default/vtune-check "* ]] ||
  fail "/etc/default/vtune-check is not a conffile"

# vtune-check.service's command, as systemd would run it: its EnvironmentFile, with the
# output moved to a scratch directory and --root pointing at the fixture.
exec_start=$(sed -n 's/^ExecStart=//p' /usr/lib/systemd/system/vtune-check.service)
env_file=$(sed -n 's/^EnvironmentFile=-\{0,1\}//p' /usr/lib/systemd/system/vtune-check.service)
[[ $env_file == /etc/default/vtune-check ]] || fail "EnvironmentFile=$env_file"
set +e
(
  set -a
  . "$env_file"
  VTUNE_CHECK_OUTPUT=$work/vtune.prom
  VTUNE_CHECK_ARGS="--root $fixture"
  cd /
  eval "set -- $exec_start"  # ${VAR} one word, $VAR split, as systemd does
  "$@"
)
rc=$?
set -e
[[ $rc == 2 ]] || fail "the vtune-check.service command exited $rc (2 expected: drift)"
grep -q '^vtune_check_timestamp_seconds{profile="high-concurrency-web"} ' "$work/vtune.prom" ||
  fail "the textfile lacks vtune_check_timestamp_seconds"
if command -v promtool >/dev/null; then
  promtool check metrics <"$work/vtune.prom" || fail "promtool check metrics"
fi

# Purge, and nothing may be left.
dpkg_locked --purge vtune-dbgsym vtune
installed=no
dpkg -L vtune >/dev/null 2>&1 && fail "dpkg -L vtune still lists files"
for path in /usr/bin/vtune /usr/share/vtune /usr/share/doc/vtune /etc/default/vtune-check \
  /usr/share/man/man8/vtune.8.gz /usr/share/bash-completion/completions/vtune "${units[@]}" \
  "/usr/lib/debug/.build-id/${build_id:0:2}/${build_id:2}.debug"; do
  [[ -e $path ]] && fail "$path is left after dpkg --purge"
done
echo "PASS: installed, ran, purged"
