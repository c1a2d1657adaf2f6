#include "engine/audit/audit_run.h"
#include "engine/audit/read_cache_fs.h"

#include <sched.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>

#include "engine/core/parallel_for.h"
#include "engine/facts/host_backend.h"
#include "engine/facts/root_check.h"
#include "engine/profile/selection.h"

namespace vtune {
namespace {

std::string base_name(const std::string& path) {
  std::filesystem::path p = std::filesystem::path(path).lexically_normal();
  if (!p.has_filename()) p = p.parent_path();  // "dir/" normalises to "dir/"
  std::string name = p.filename().string();
  return name.empty() ? path : name;
}

HostStatus status_of(const PlanCounts& c) {
  if (c.error > 0) return HostStatus::Error;
  if (c.change > 0) return HostStatus::Drift;
  if (c.unknown > 0) return HostStatus::Incomplete;
  return HostStatus::Compliant;
}

}  // namespace

std::vector<std::string> expand_snapshot_args(const std::vector<std::string>& args,
                                              std::string& error) {
  if (args.size() != 1) return args;
  std::unique_ptr<HostFs> fs = make_disk_host_fs(args[0]);
  if (fs->exists("/proc") || fs->exists("/sys") || !fs->exists("/"))
    return args;  // a snapshot (or a path that is not there: reported as that host's failure)
  // The parent is listed on the real filesystem, so its entries may be links to snapshots
  // kept elsewhere (inside a snapshot's own root, an absolute link could not leave it).
  std::error_code ec;
  std::string parent_abs = std::filesystem::absolute(args[0], ec).lexically_normal().string();
  std::unique_ptr<HostFs> tool_fs = make_disk_host_fs("/");
  Result<std::vector<DirEntry>> entries = tool_fs->list_dir(parent_abs);
  if (!entries) {
    error = "cannot list " + args[0] + ": " + entries.error().message();
    return {};
  }
  std::vector<std::string> found;
  std::filesystem::path parent(args[0]);
  for (const DirEntry& e : *entries)
    if (e.is_dir && !e.name.starts_with(".")) found.push_back((parent / e.name).string());
  if (found.empty())
    error = args[0] +
            " is neither a snapshot (it has no proc/ or sys/) nor a directory of snapshots (it has "
            "no subdirectory); capture hosts with `vtune snapshot --out DIR`";
  return found;
}

std::vector<AuditRule> selected_rules(const lang::RuleLibrary& lib, const Profile& profile) {
  std::vector<AuditRule> out;
  for (const std::string& id : select_rules(profile, lang::rule_summaries(lib))) {
    AuditRule r;
    r.id = id;
    r.area = rule_area(id);
    if (const lang::RuleDecl* decl = lib.find_rule(id)) {
      r.title = decl->title;
      r.severity = decl->attrs.severity.empty() ? "info" : decl->attrs.severity;
      r.tags = decl->attrs.tags;
    }
    out.push_back(std::move(r));
  }
  return out;
}

AuditHost audit_snapshot(const PlanRequest& req, const std::vector<AuditRule>& rules,
                         const std::string& path) {
  AuditHost host;
  host.path = path;
  host.name = base_name(path);
  host.cells.assign(rules.size(), std::nullopt);
  try {
    HostBackend backend(path, std::make_unique<ReadCacheFs>(make_disk_host_fs(path)));
    if (std::optional<std::string> why = root_problem(backend.fs())) {
      host.failure = *why;
      return host;
    }
    Warnings warnings;
    Plan plan = build_plan(req, backend.host(), ProbeOptions{}, path, warnings);
    host.hostname = plan.hostname;
    host.warnings = static_cast<int>(warnings.items().size());
    host.counts = plan.counts();
    host.status = status_of(host.counts);
    std::map<std::string_view, size_t> column;
    for (size_t i = 0; i < rules.size(); ++i) column.emplace(rules[i].id, i);
    for (PlanItem& item : plan.items) {
      if (auto c = column.find(item.rule); c != column.end()) {
        std::optional<ItemState>& cell = host.cells[c->second];
        if (!cell || state_severity(item.state) > state_severity(*cell)) cell = item.state;
      }
      if (needs_attention(item.state)) host.items.push_back(std::move(item));
    }
  } catch (const std::exception& e) {
    // A hostile or corrupt snapshot must not end the audit of the others.
    AuditHost failed;
    failed.name = host.name;
    failed.path = host.path;
    failed.cells.assign(rules.size(), std::nullopt);
    host = std::move(failed);
    host.failure = std::string("the audit of this snapshot failed: ") + e.what();
  }
  return host;
}

FleetAudit run_fleet_audit(const PlanRequest& req, const std::vector<std::string>& snapshots,
                           const AuditRunOptions& options) {
  FleetAudit audit;
  audit.profile = req.profile.name;
  for (const ChainEntry& c : req.profile.chain) audit.profile_chain.push_back(c.name);
  audit.rules = selected_rules(req.lib, req.profile);
  audit.hosts.resize(snapshots.size());
  std::mutex progress_mutex;
  size_t done = 0;
  unsigned threads = std::clamp<unsigned>(options.jobs, 1, std::max<size_t>(snapshots.size(), 1));
  parallel_for(snapshots.size(), threads, [&](size_t i) {
    audit.hosts[i] = audit_snapshot(req, audit.rules, snapshots[i]);
    std::lock_guard lock(progress_mutex);
    ++done;
    if (options.progress) options.progress(done, snapshots.size());
  });
  return audit;
}

unsigned usable_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace vtune
