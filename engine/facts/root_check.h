#pragma once
// Whether a --root tree can be audited at all. An empty or wrong directory would otherwise
// give a plan in which every rule is "not applicable" (no NICs, no disks, no sysctls) and an
// exit code of 0: a compliant host that was never looked at.
#include <optional>
#include <string>

#include "engine/core/host_fs.h"

namespace vtune {

// nullopt when `fs` looks like a host: it has /proc or /sys, and at least one of
// /proc/cpuinfo, /proc/meminfo and /proc/sys can be read. Otherwise the message for the user,
// which says what to do (capture the host with `vtune snapshot`).
// With `for_audit` false (facts, which may describe a partial snapshot with nulls) only the
// first condition applies.
std::optional<std::string> unusable_root_reason(const HostFs& fs, bool for_audit = true);

// The same test, saying only what is wrong, without the directory's name or advice ("not a
// host tree: it has neither proc/ nor sys/"), for callers that name the directory and give
// their own advice (vtune audit, one line per snapshot; vtune diff).
std::optional<std::string> root_problem(const HostFs& fs, bool for_audit = true);

}  // namespace vtune
