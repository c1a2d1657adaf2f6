#!/usr/bin/env bash
# vtune check against the established compliance scanner, in one run on one machine:
#   vtune check --profile high-concurrency-web        (this host, every rule of the profile)
#   oscap xccdf eval with Debian's SCAP Security Guide content, its 14 sysctl rules
# Wall time comes from hyperfine (median of repeated runs), peak RSS from /usr/bin/time.
# Both tools run back to back, so the ratio holds even on a noisy shared machine.
#
# Needs hyperfine, openscap-scanner and ssg-debian (`make compare` installs them).
# Usage: tests/perf/compare_oscap.sh [path/to/vtune]
set -euo pipefail

vtune=${1:-build/vtune}
content=/usr/share/xml/scap/ssg/content/ssg-debian11-ds.xml  # the newest Debian content in bookworm
profile=xccdf_org.ssgproject.content_profile_anssi_np_nt28_high

for tool in hyperfine oscap "$vtune"; do
  command -v "$tool" >/dev/null || { echo "compare_oscap: $tool not found (run make compare)" >&2; exit 1; }
done
[[ -r $content ]] || { echo "compare_oscap: $content missing (apt-get install ssg-debian)" >&2; exit 1; }

# Every sysctl rule in the content: 14 in ssg-debian 0.1.65.
mapfile -t rules < <(grep -o 'xccdf_org.ssgproject.content_rule_sysctl_[a-z0-9_]*' "$content" | sort -u)
rule_args=()
for r in "${rules[@]}"; do rule_args+=(--rule "$r"); done
oscap_cmd="oscap xccdf eval --profile $profile ${rule_args[*]} $content"
vtune_cmd="$vtune check --profile high-concurrency-web --format json"

# check exits 2 when the host drifts: that is an answer, not a failure of this script.
rules_evaluated=$( ("$vtune" check --profile high-concurrency-web --format json || true) | \
  sed -n 's/.*"rules_selected": *\([0-9]*\).*/\1/p' | head -1)
echo "vtune: ${rules_evaluated:-?} rules evaluated; oscap: ${#rules[@]} sysctl rules"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Both exit non-zero when the host is not compliant; -i keeps timing them.
hyperfine -N -i --warmup 2 --runs 15 --export-json "$out/times.json" \
  -n vtune "$vtune_cmd" -n oscap "$oscap_cmd" >&2

rss_kib() { (/usr/bin/time -f %M "$@" 2>&1 >/dev/null || true) | tail -1; }
vtune_rss=$(rss_kib $vtune_cmd)
oscap_rss=$(rss_kib $oscap_cmd)

perl -MJSON::PP -e '
  my ($file, $vrss, $orss) = @ARGV;
  local $/; open my $fh, "<", $file or die; my $d = decode_json(<$fh>);
  my %m = map { $_->{command} => $_->{median} } @{$d->{results}};
  printf "median wall: vtune %.1f ms, oscap %.1f ms, ratio %.0fx\n",
    $m{vtune} * 1e3, $m{oscap} * 1e3, $m{oscap} / $m{vtune};
  printf "peak RSS:    vtune %.1f MB, oscap %.1f MB, ratio %.0fx\n",
    $vrss / 1024, $orss / 1024, $orss / $vrss;
' "$out/times.json" "$vtune_rss" "$oscap_rss"
