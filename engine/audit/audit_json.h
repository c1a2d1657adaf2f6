#pragma once
// The machine-readable fleet audit of `vtune audit --format json` / `--json FILE`
// (schema_version 1, docs/audit.md, docs/schema/audit.schema.json):
// {"schema_version", "command": "audit", "profile", "profile_chain", "generated_at",
//  "exit_code", "summary": {hosts, compliant, drift, incomplete, error, failed},
//  "rules": [{rule, title, area, severity, tags, hosts: {state: count}}]   most drift first,
//  "hosts": [{name, path, hostname, status, exit_code, failure, warnings, summary, items}]}
// Hosts come in the order they were given; each lists only its items needing attention, in
// the plan's item form (plan_item_to_json).
#include <string>

#include "engine/audit/fleet_audit.h"
#include "engine/core/json.h"

namespace vtune {

inline constexpr int kAuditSchemaVersion = 1;

// The document as a tree (`with_hosts` false leaves "hosts" empty).
Json audit_to_json(const FleetAudit& audit, bool with_hosts = true);

// The same document as text, indented by 2, with a newline at the end; built host by host.
std::string render_audit_json(const FleetAudit& audit);

}  // namespace vtune
