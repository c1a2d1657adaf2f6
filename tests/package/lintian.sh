#!/bin/bash
# package.lintian: lintian finds no error and no warning in the .deb and its -dbgsym package
# (info, pedantic and experimental tags are printed; docs/packaging.md says why each that
# remains is left). Skips when lintian is missing.
#
#   lintian.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
command -v lintian >/dev/null || { echo "SKIP: lintian is not installed"; exit 77; }
debs=$("$2/tests/package/fresh_deb.sh" "$1" "$2")
set +e
out=$(lintian --display-level ">=pedantic" --display-experimental $debs 2>&1)
set -e
printf '%s\n' "$out" | grep -v "running with root privileges" || true
if grep -qE '^[EW]: ' <<<"$out"; then
  echo "FAIL: lintian reports errors or warnings" >&2
  exit 1
fi
echo PASS
