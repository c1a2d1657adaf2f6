#pragma once
// Running one profile over many snapshots. The rule library and the profile are loaded once
// by the caller; each snapshot gets its own HostFs, probes and appliers, and the snapshots
// are planned in parallel. A snapshot that cannot be audited (not a host tree, a planner
// failure) becomes a Failed host with the reason: it never stops the others.
#include <functional>
#include <string>
#include <vector>

#include "engine/audit/fleet_audit.h"
#include "engine/plan/planner.h"

namespace vtune {

// The snapshot directories the command line names: each argument is a snapshot, except that
// a single argument that is no host tree itself (neither proc/ nor sys/) is a parent
// directory whose subdirectories are the snapshots (in name order, hidden ones left out).
// An empty vector and `error` set when the parent holds no subdirectory or cannot be listed.
std::vector<std::string> expand_snapshot_args(const std::vector<std::string>& args,
                                              std::string& error);

struct AuditRunOptions {
  unsigned jobs = 1;  // threads, the caller's included
  // Called after each snapshot with (done, total); calls never overlap.
  std::function<void(size_t, size_t)> progress;
};

// Audits every snapshot against req.profile; the hosts come back in `snapshots` order.
FleetAudit run_fleet_audit(const PlanRequest& req, const std::vector<std::string>& snapshots,
                           const AuditRunOptions& options);

// One snapshot against the rules of `rules` (the audit's column order).
AuditHost audit_snapshot(const PlanRequest& req, const std::vector<AuditRule>& rules,
                         const std::string& path);

// The rules `profile` selects from `lib`, in id order, with their titles, areas and tags.
std::vector<AuditRule> selected_rules(const lang::RuleLibrary& lib, const Profile& profile);

// The CPUs this process may run on (its affinity mask), at least 1: the default --jobs.
unsigned usable_cpus();

}  // namespace vtune
