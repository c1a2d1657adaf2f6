#include "engine/facts/root_check.h"

namespace vtune {

std::optional<std::string> root_problem(const HostFs& fs, bool for_audit) {
  if (!fs.exists("/proc") && !fs.exists("/sys"))
    return "not a host tree: it has neither proc/ nor sys/";
  if (!for_audit) return std::nullopt;
  // The three a probe run needs most: without all of them nearly every fact is unknown, and
  // every rule would pass as "not applicable" on an empty host.
  bool cpuinfo = fs.read_file("/proc/cpuinfo").ok();
  bool meminfo = fs.read_file("/proc/meminfo").ok();
  bool sysctl = fs.list_dir("/proc/sys").ok();
  if (!cpuinfo && !meminfo && !sysctl)
    return "almost nothing to audit: none of proc/cpuinfo, proc/meminfo and proc/sys can be read";
  return std::nullopt;
}

std::optional<std::string> unusable_root_reason(const HostFs& fs, bool for_audit) {
  std::optional<std::string> problem = root_problem(fs, for_audit);
  if (!problem) return problem;
  std::string where = fs.describe("/");
  if (problem->starts_with("not"))
    *problem = where + " is " + *problem;
  else
    *problem = where + " holds " + *problem;
  *problem +=
      "; point --root at a snapshot made with `vtune snapshot --out DIR` on the host to audit "
      "(docs/snapshot.md), or leave --root out to audit this machine";
  return problem;
}

}  // namespace vtune
