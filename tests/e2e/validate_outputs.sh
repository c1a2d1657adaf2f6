#!/bin/bash
# Validates vtune's JSON outputs against the published schemas in docs/schema:
#   vtune --root <host> facts --format json   for every fixture host
#   vtune lint --format json                  on the stock rules
#   vtune --root baremetal-2s plan --profile high-concurrency-web --format json
#                                             when the plan command exists (exit 2: drift)
#   vtune audit --format json tests/fixtures/hosts, vtune diff --format json (exit 1, 2)
#   vtune ... check --format sarif            against the OASIS SARIF 2.1.0 schema
#                                             (docs/schema/external, from Microsoft's sarif-sdk)
# Usage: validate_outputs.sh VTUNE_BINARY SOURCE_DIR
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 VTUNE_BINARY SOURCE_DIR" >&2
  exit 2
fi
vtune=$1
src=$2
validator="$src/tests/e2e/validate_json.pl"
schemas="$src/docs/schema"

if ! perl -MJSON::Validator -e 1 2>/dev/null; then
  echo "validate_outputs: JSON::Validator is missing: apt-get install libjson-validator-perl" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
checked=0

# check NAME SCHEMA EXPECTED_EXIT_CODES -- COMMAND...
check() {
  local name=$1 schema=$2 expected=$3
  shift 4
  local out="$work/$name.json" err="$work/$name.err" rc=0
  (cd "$src" && "$@") >"$out" 2>"$err" || rc=$?
  checked=$((checked + 1))
  if [[ " $expected " != *" $rc "* ]]; then
    echo "FAIL $name: exit $rc, expected one of: $expected" >&2
    sed 's/^/  stderr: /' "$err" | head -20 >&2
    failures=$((failures + 1))
    return
  fi
  if ! perl "$validator" "$schemas/$schema" "$out" >&2; then
    echo "FAIL $name: does not match $schema" >&2
    failures=$((failures + 1))
    return
  fi
  echo "ok   $name ($schema)"
}

for host in "$src"/tests/fixtures/hosts/*/; do
  host=${host%/}
  name=$(basename "$host")
  check "facts-$name" facts.schema.json "0" -- "$vtune" --root "$host" facts --format json
done

check lint lint.schema.json "0" -- "$vtune" lint --format json

if "$vtune" plan --help >/dev/null 2>&1; then
  check plan-baremetal-2s plan.schema.json "2" -- \
    "$vtune" --root "$src/tests/fixtures/hosts/baremetal-2s" plan \
    --profile high-concurrency-web --format json
  check plan-sarif-kvm-host external/sarif-2.1.0.json "2" -- \
    "$vtune" --root "$src/tests/fixtures/hosts/kvm-host" plan \
    --profile virtualization-host --format sarif --only-drift
  for host in baremetal-2s container-host vmware-guest; do
    check "sarif-$host" external/sarif-2.1.0.json "0 2" -- \
      "$vtune" --root "$src/tests/fixtures/hosts/$host" check \
      --profile high-concurrency-web --format sarif
  done
  fixtures="$src/tests/fixtures/hosts"
  check audit-fixtures audit.schema.json "1" -- \
    "$vtune" audit --profile high-concurrency-web --format json "$fixtures"
  check diff-kvm-baremetal diff.schema.json "2" -- \
    "$vtune" diff --profile high-concurrency-web --format json "$fixtures/kvm-host" \
    "$fixtures/baremetal-2s"
else
  echo "skip plan: this vtune has no plan command"
fi

echo "$checked documents checked, $failures failed"
[ "$failures" -eq 0 ]
