#pragma once
// The fleet audit a person reads at a terminal: the counts of hosts per status, the rules
// that drift on the most hosts, the worst hosts, and the snapshots that could not be
// audited with the reason. Everything a snapshot supplies (names, messages) is escaped for
// the terminal (escape_control_line).
#include <string>

#include "engine/audit/fleet_audit.h"

namespace vtune {

struct AuditTextOptions {
  bool color = false;  // ANSI colours for the statuses
  size_t top = 10;     // rules and hosts listed in each section
};

std::string render_audit_text(const FleetAudit& audit, const AuditTextOptions& options = {});

}  // namespace vtune
