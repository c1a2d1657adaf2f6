#pragma once
// What the kernel accepts for the sysctls vtune sets, so a plan can reject a value the write
// would fail on (EINVAL) before anything changes. Limits are those of Linux 6.1 on 64-bit;
// keys not listed are only checked for being one line of text.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vtune {

// Why `value` is not acceptable for `key`, or nullopt. `unprivileged_port_start` is the
// host's net.ipv4.ip_unprivileged_port_start, when known: the kernel refuses an
// ip_local_port_range that straddles it.
std::optional<std::string> check_sysctl_value(std::string_view key, std::string_view value,
                                              std::optional<int64_t> unprivileged_port_start);

// The value the kernel will read back after `value` is written: net.core.rps_sock_flow_entries
// is rounded up to a power of two; everything else reads back as written (normalised).
std::string sysctl_effective_value(std::string_view key, std::string_view value);

// Rounds up to a power of two as roundup_pow_of_two() does; 0 stays 0.
uint64_t round_up_pow2(uint64_t v);

}  // namespace vtune
