#pragma once
// The result of `vtune audit`: one profile evaluated on many snapshots. Each host keeps its
// counts, the items that need attention (every state but compliant and not-applicable) and
// one cell per selected rule (the rule's worst state on that host), so that a fleet of a
// thousand hosts fits in memory and every report (text, JSON, HTML) reads the same record.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/plan/plan.h"

namespace vtune {

// A host's verdict, from its plan as `vtune plan`'s exit code decides it (docs/exit-codes.md:
// error, then drift, then incomplete), plus Failed: the snapshot could not be audited at all
// (not a host tree, unreadable, or the planner failed on it).
enum class HostStatus { Compliant, Drift, Incomplete, Error, Failed };
std::string_view host_status_name(HostStatus s);  // "compliant", "drift", ..., "failed"

struct AuditHost {
  std::string name;      // the snapshot directory's own name
  std::string path;      // the directory as given (or found under the parent directory)
  std::string hostname;  // as the snapshot records it; empty when it does not
  HostStatus status = HostStatus::Failed;
  std::string failure;  // why the snapshot could not be audited (status Failed)
  int warnings = 0;     // files the probes could not read
  PlanCounts counts;
  std::vector<PlanItem> items;  // the plan's items needing attention, in plan order
  // One cell per FleetAudit::rules entry: the rule's worst item state on this host
  // (worst_state), nullopt when the plan has no item of the rule (a failed host).
  std::vector<std::optional<ItemState>> cells;
  int exit_code() const;  // what `vtune plan` would exit with on this host; 1 when failed
};

struct AuditRule {
  std::string id, title, area, severity;
  std::vector<std::string> tags;
};

struct FleetAudit {
  std::string profile;
  std::vector<std::string> profile_chain;
  std::vector<AuditRule> rules;  // the rules the profile selects, in id order
  std::vector<AuditHost> hosts;  // in the order the snapshots were given
};

// Whether an item needs a person's attention: every state but compliant and not-applicable.
bool needs_attention(ItemState s);

// How bad a state is for a matrix cell: error > change > unknown > advisory > waived >
// compliant > not-applicable (higher is worse).
int state_severity(ItemState s);

// The exit code of the whole audit: 1 when a host failed or has an error item, else 2 when a
// host drifts, else 4 when a host is incomplete, else 0 (the precedence of `vtune plan`).
int audit_exit_code(const FleetAudit& audit);

}  // namespace vtune
