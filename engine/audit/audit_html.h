#pragma once
// The fleet audit as one self-contained HTML page (`vtune audit --html FILE`): the counts,
// the rules that drift on the most hosts, and a host x rule matrix (worst hosts first, the
// rules that drift most on the left) with filters by host name, host status, item state and
// rule tag; clicking a host or a cell shows that host's plan. The stylesheet, the script and
// the data are inline: the page fetches nothing. Every snapshot value is HTML-escaped or, in
// the data block, JSON with <, > and & escaped (html_text.h).
#include <string>

#include "engine/audit/fleet_audit.h"
#include "engine/core/json.h"

namespace vtune {

std::string render_audit_html(const FleetAudit& audit);

// The data block the page's script reads: {"profile", "chain", "strings": [...],
// "rules": [{id, title, area, severity, tags, n: [hosts per state]}] (matrix order),
// "hosts": [{name, hostname, path, status, failure, warnings, counts: [...], cells: "...",
// items: [[column, state, knob, subject, current, desired, message, waiver], ...]}]
// (worst first)}. States are one letter each ("cdanweu": compliant, change, advisory,
// not-applicable, waived, error, unknown; "-" no item), counts are in that order, and the
// item texts are indexes into "strings", which holds each distinct text once.
Json audit_html_data(const FleetAudit& audit);

}  // namespace vtune
