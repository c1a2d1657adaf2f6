#include "engine/facts/root_check.h"

namespace vtune {

std::optional<std::string> unusable_root_reason(const HostFs& fs, bool for_audit) {
  const std::string where = fs.describe("/");
  const std::string what_to_do =
      "; point --root at a snapshot made with `vtune snapshot --out DIR` on the host to audit "
      "(docs/snapshot.md), or leave --root out to audit this machine";
  if (!fs.exists("/proc") && !fs.exists("/sys"))
    return where + " is not a host tree: it has neither proc/ nor sys/" + what_to_do;
  if (!for_audit) return std::nullopt;
  // The three a probe run needs most: without all of them nearly every fact is unknown, and
  // every rule would pass as "not applicable" on an empty host.
  bool cpuinfo = fs.read_file("/proc/cpuinfo").ok();
  bool meminfo = fs.read_file("/proc/meminfo").ok();
  bool sysctl = fs.list_dir("/proc/sys").ok();
  if (!cpuinfo && !meminfo && !sysctl)
    return where +
           " holds almost nothing to audit: none of proc/cpuinfo, proc/meminfo and proc/sys can "
           "be read" +
           what_to_do;
  return std::nullopt;
}

}  // namespace vtune
