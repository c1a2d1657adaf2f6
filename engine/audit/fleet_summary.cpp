#include "engine/audit/fleet_summary.h"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace vtune {

HostTally tally_hosts(const FleetAudit& audit) {
  HostTally t;
  for (const AuditHost& h : audit.hosts) {
    ++t.hosts;
    switch (h.status) {
      case HostStatus::Compliant:
        ++t.compliant;
        break;
      case HostStatus::Drift:
        ++t.drift;
        break;
      case HostStatus::Incomplete:
        ++t.incomplete;
        break;
      case HostStatus::Error:
        ++t.error;
        break;
      case HostStatus::Failed:
        ++t.failed;
        break;
    }
  }
  return t;
}

std::vector<RuleTally> rules_by_drift(const FleetAudit& audit) {
  std::vector<RuleTally> out(audit.rules.size());
  for (size_t r = 0; r < out.size(); ++r) out[r].rule = r;
  for (const AuditHost& h : audit.hosts)
    for (size_t r = 0; r < h.cells.size() && r < out.size(); ++r)
      if (h.cells[r]) ++out[r].hosts[static_cast<size_t>(*h.cells[r])];
  auto key = [](const RuleTally& t) {
    return std::tuple(-t.with(ItemState::Change), -t.with(ItemState::Error),
                      -t.with(ItemState::Unknown), -t.with(ItemState::Advisory));
  };
  std::stable_sort(out.begin(), out.end(), [&](const RuleTally& a, const RuleTally& b) {
    if (key(a) != key(b)) return key(a) < key(b);
    return audit.rules[a.rule].id < audit.rules[b.rule].id;
  });
  return out;
}

std::vector<size_t> hosts_worst_first(const FleetAudit& audit) {
  std::vector<size_t> order(audit.hosts.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto key = [&](size_t i) {
    const AuditHost& h = audit.hosts[i];
    const PlanCounts& c = h.counts;
    return std::tuple(h.status == HostStatus::Failed, -c.change, -c.error, -c.unknown, -c.advisory);
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (key(a) != key(b)) return key(a) < key(b);
    return std::tie(audit.hosts[a].name, audit.hosts[a].path) <
           std::tie(audit.hosts[b].name, audit.hosts[b].path);
  });
  return order;
}

}  // namespace vtune
