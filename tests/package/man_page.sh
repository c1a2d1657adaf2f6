#!/bin/bash
# package.man_page: vtune(8) formats without a single groff warning (-ww: all of them), and
# man(1) renders it.
#
#   man_page.sh MAN_PAGE(roff)
set -euo pipefail
man=$1
command -v groff >/dev/null || { echo "SKIP: groff is not installed"; exit 77; }
warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$man" 2>&1)
[[ -z $warnings ]] || { printf 'FAIL: groff warnings:\n%s\n' "$warnings" >&2; exit 1; }
if command -v man >/dev/null; then
  text=$(MANWIDTH=80 man -l "$man" 2>&1)
  grep -q "^NAME" <<<"$text" && grep -q "^EXIT STATUS" <<<"$text" ||
    { echo "FAIL: man -l did not render NAME and EXIT STATUS" >&2; exit 1; }
  echo "man -l: $(wc -l <<<"$text") lines"
fi
echo PASS
