#!/bin/bash
# The HTML audit report in a real browser (Debian's chromium, headless): it renders, it is not
# blank, the matrix has one row per host, hostile snapshot values stay text, and a host's
# plan opens (report.html#host=NAME, what a click does).
#   usage: audit_html_chromium.sh VTUNE SOURCE_DIR
# Exits 77 (skipped) when chromium is not installed; `make deps` installs it (AUDIT_PACKAGES).
set -u
vtune=$1
src=$2
here=$(cd "$(dirname "$0")" && pwd)
chromium=$(command -v chromium || command -v chromium-browser) || {
  echo "chromium is not installed: skipped (make deps installs it)"
  exit 77
}
work=$(mktemp -d /tmp/vtune-html-XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# A hostile snapshot: a fixture whose host name and one sysctl are markup.
cp -a "$src/tests/fixtures/hosts/kvm-host" "$work/hostile"
printf '<script>document.title="pwned"</script><img src=x onerror="document.title=1">\n' \
  > "$work/hostile/proc/sys/kernel/hostname"
printf '<b id="injected">4096</b>\n' > "$work/hostile/proc/sys/net/core/somaxconn"
mkdir "$work/broken"
hosts=()
for h in vmware-guest kvm-guest baremetal-2s kvm-host container-host this-machine; do
  hosts+=("$src/tests/fixtures/hosts/$h")
done
"$vtune" audit --profile high-concurrency-web --html "$work/audit.html" "${hosts[@]}" \
  "$work/hostile" "$work/broken" > "$work/summary.txt"
rc=$?
[ "$rc" -eq 1 ] || fail "vtune audit exited $rc, expected 1 (a broken snapshot)"
[ -s "$work/audit.html" ] || fail "no report written"

# Running as root, chromium needs --no-sandbox; its profile goes to the scratch directory so
# nothing is left in the home directory.
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run
       --disable-extensions --disable-dev-shm-usage "--user-data-dir=$work/profile")
url="file://$work/audit.html"

timeout 180 "$chromium" "${flags[@]}" --window-size=1280,900 --screenshot="$work/shot.png" \
  "$url" > "$work/chromium.log" 2>&1 || { cat "$work/chromium.log"; fail "chromium --screenshot failed"; }
[ -s "$work/shot.png" ] || { cat "$work/chromium.log"; fail "no screenshot"; }
# The dark header and the drift colour of the matrix cells must both be on the page.
python3 "$here/png_check.py" "$work/shot.png" 1280 900 '#1d2430' '#e8890c' || fail "screenshot"

timeout 180 "$chromium" "${flags[@]}" --dump-dom "$url" > "$work/dom.html" 2> "$work/chromium.log" \
  || { cat "$work/chromium.log"; fail "chromium --dump-dom failed"; }
rows=$(grep -o '<tr class="host-row"' "$work/dom.html" | wc -l)
[ "$rows" -eq 8 ] || fail "the matrix has $rows host rows, expected 8"
cells=$(grep -o '<td class="cell s-d"' "$work/dom.html" | wc -l)
[ "$cells" -gt 0 ] || fail "no drift cell in the matrix"
grep -q '<title>vtune audit: high-concurrency-web</title>' "$work/dom.html" \
  || fail "the title changed: a snapshot value ran as script"
grep -q 'pwned' "$work/dom.html" || fail "the hostile host name is not shown"
grep -q '&lt;script&gt;document.title="pwned"&lt;/script&gt;&lt;img' "$work/dom.html" \
  || fail "the hostile host name is not shown as text"
scripts=$(grep -o '<script' "$work/dom.html" | wc -l)
[ "$scripts" -eq 2 ] || fail "$scripts script elements, expected the report's 2"
! grep -q '<img' "$work/dom.html" || fail "a snapshot value became an <img> element"
! grep -q 'id="injected"' "$work/dom.html" || fail "a sysctl value became markup"
grep -q 'could not be audited' "$work/dom.html" || fail "no failed-host count"

# A host's plan, as a click shows it.
timeout 180 "$chromium" "${flags[@]}" --dump-dom "$url#host=hostile" > "$work/plan.html" \
  2> "$work/chromium.log" || fail "chromium --dump-dom #host= failed"
grep -q '<section id="detail">' "$work/plan.html" || fail "the host's plan did not open"
items=$(grep -o '<table class="plan">' "$work/plan.html" | wc -l)
[ "$items" -eq 1 ] || fail "no plan table for the host"
grep -q '&lt;b id="injected"&gt;4096&lt;/b&gt;' "$work/plan.html" \
  || fail "the hostile sysctl value is not shown as text in the plan"
echo "ok: screenshot, $rows host rows, $cells drift cells, hostile values escaped, plan opens"
