#pragma once
// What the audit reports lead with: how many hosts are in each status, which rules drift on
// the most hosts, and which hosts are worst. Every report (text, JSON, HTML) orders rules and
// hosts with these, so they agree.
#include <array>
#include <vector>

#include "engine/audit/fleet_audit.h"

namespace vtune {

struct HostTally {
  int hosts = 0, compliant = 0, drift = 0, incomplete = 0, error = 0, failed = 0;
};
HostTally tally_hosts(const FleetAudit& audit);

inline constexpr size_t kItemStateCount = 7;  // ItemState's values, Compliant..Unknown

// How many hosts have each cell state for one rule (hosts[ItemState] counts the hosts whose
// worst item of the rule is in that state).
struct RuleTally {
  size_t rule = 0;  // index into FleetAudit::rules
  std::array<int, kItemStateCount> hosts{};
  int with(ItemState s) const { return hosts[static_cast<size_t>(s)]; }
};

// Every rule, the ones that drift on the most hosts first; ties by hosts with errors, then
// unknown items, then advisories, then the rule id.
std::vector<RuleTally> rules_by_drift(const FleetAudit& audit);

// Host indexes, worst first: the most items to change, then errors, unknown items and
// advisories; hosts that could not be audited come after every audited one; then by name.
std::vector<size_t> hosts_worst_first(const FleetAudit& audit);

}  // namespace vtune
