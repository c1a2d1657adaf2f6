#pragma once
// Sysctl keys and values: the one place that maps a dotted key to its /proc/sys file and
// turns what the kernel prints into a comparable string. The sysctl probe reads the watched
// keys through it; the planner and the sysctl applier use the same functions, so a value read
// for the facts and a value read back after a write compare the same way.
#include <span>
#include <string>
#include <string_view>

#include "engine/core/host_fs.h"
#include "engine/core/result.h"

namespace vtune {

// A dotted key made of [a-z0-9_-] components: "net.ipv4.tcp_rmem". No empty component (so
// no "..", no leading or trailing dot) and nothing that could leave /proc/sys.
//
// Limitation: a component that itself contains a dot (an interface "eth0.100" in
// "net.ipv4.conf.eth0.100.rp_filter") cannot be written in dotted form; sysctl.d files spell
// it with '/' separators instead. Such keys are rejected here rather than mapped to a wrong
// path.
bool valid_sysctl_key(std::string_view key);

// "net.ipv4.tcp_rmem" -> "/proc/sys/net/ipv4/tcp_rmem". Only meaningful for a valid key.
std::string sysctl_path(std::string_view key);

// Trims, and collapses each run of spaces and tabs to one space: the kernel prints
// multi-value keys (tcp_rmem, ip_local_port_range) with tabs, people write them with spaces.
// Interior newlines (multi-line keys such as dev.cdrom.info) are kept.
std::string normalize_sysctl_value(std::string_view value);

// The key's current value, normalised. An invalid key fails with EINVAL without touching
// the filesystem; a key the kernel does not have fails with ENOENT.
Result<std::string> read_sysctl(const HostFs& fs, std::string_view key);

// The keys the sysctl probe reports in the facts (`sysctl.<key>`). Rules that set or test
// a sysctl outside this list read it through read_sysctl themselves.
std::span<const std::string_view> watched_sysctls();

}  // namespace vtune
