#!/bin/bash
# package.install_prefix: `cmake --install` into a scratch prefix lays out what
# docs/packaging.md lists, and the binary installed there finds the rules and profiles
# installed with it (PREFIX/share/vtune, relative to itself), run from / with no VTUNE_*
# variables; the systemd units it installs start that binary.
#
#   install_prefix.sh BUILD_DIR FIXTURES_DIR
set -euo pipefail
build=$1
fixtures=$(realpath "$2")
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/opt/vtune
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/vtune share/vtune/rules/network.vtr share/vtune/profiles/high-concurrency-web.toml \
  share/man/man8/vtune.8.gz share/bash-completion/completions/vtune \
  lib/systemd/system/vtune-apply.service lib/systemd/system/vtune-check.service \
  lib/systemd/system/vtune-check.timer etc/default/vtune-check \
  share/doc/vtune/examples/vtune-alerts.yml share/doc/vtune/copyright share/doc/vtune/changelog.gz; do
  [[ -e $prefix/$f ]] || fail "cmake --install did not install $f"
done
grep -qx "ExecStart=$prefix/bin/vtune apply --boot" "$prefix/lib/systemd/system/vtune-apply.service" ||
  fail "vtune-apply.service does not start $prefix/bin/vtune"
grep -q "^ExecStart=$prefix/bin/vtune check " "$prefix/lib/systemd/system/vtune-check.service" ||
  fail "vtune-check.service does not start $prefix/bin/vtune"
grep -qx "EnvironmentFile=$prefix/etc/default/vtune-check" "$prefix/lib/systemd/system/vtune-check.service" ||
  fail "vtune-check.service does not read $prefix/etc/default/vtune-check"

run() { (cd / && env -i PATH=/usr/bin:/bin "$prefix/bin/vtune" "$@"); }
run profiles --format json >"$work/profiles.json"
grep -q "\"file\": \"$prefix/share/vtune/profiles/high-concurrency-web.toml\"" "$work/profiles.json" ||
  fail "the installed binary does not take its profiles from $prefix/share/vtune/profiles"
# The rules: the binary's own prefix comes first in the search (docs/packaging.md), so
# plan uses PREFIX/share/vtune/rules even when a package has put others in /usr/share.
set +e
run plan --root "$fixtures/hosts/baremetal-2s" --profile high-concurrency-web >"$work/plan.txt" 2>"$work/plan.err"
rc=$?
set -e
[[ $rc == 2 ]] || { cat "$work/plan.err" >&2; fail "plan exited $rc, not 2 (drift)"; }
head -2 "$work/plan.txt"
# --rules still wins over the installed library.
mkdir "$work/no-rules"
set +e
run plan --root "$fixtures/hosts/baremetal-2s" --profile high-concurrency-web --rules "$work/no-rules" \
  >/dev/null 2>"$work/explicit.err"
rc=$?
set -e
[[ $rc != 2 ]] || fail "an explicit --rules DIR did not replace the installed library"
echo "explicit empty --rules: exit $rc ($(head -1 "$work/explicit.err"))"
echo PASS
