#!/bin/bash
# package.alert_rules: packaging/prometheus/vtune-alerts.yml passes `promtool check rules`,
# and `promtool test rules` (vtune-alerts.test.yml) shows each alert firing when it should
# and not otherwise. Skips when promtool (Debian package prometheus) is missing.
#
#   alert_rules.sh SOURCE_DIR
set -euo pipefail
src=$1
command -v promtool >/dev/null || { echo "SKIP: promtool is not installed (Debian: prometheus)"; exit 77; }
promtool check rules "$src/packaging/prometheus/vtune-alerts.yml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The test file names the rule file relative to itself.
cp "$src/packaging/prometheus/vtune-alerts.yml" "$src/tests/package/vtune-alerts.test.yml" "$work/"
(cd "$work" && promtool test rules vtune-alerts.test.yml)
echo PASS
