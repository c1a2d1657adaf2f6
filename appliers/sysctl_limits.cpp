#include "appliers/sysctl_limits.h"

#include <climits>
#include <vector>

#include "engine/core/text.h"
#include "probes/sysctl_reader.h"

namespace vtune {
namespace {

// sysctl_nr_open_max: __const_min(INT_MAX, ~(size_t)0 / sizeof(void*)) & -BITS_PER_LONG.
constexpr int64_t kNrOpenMax = INT_MAX & -64;  // 2147483584
constexpr int64_t kNrOpenMin = 64;             // sysctl_nr_open_min = BITS_PER_LONG
constexpr int64_t kPidMaxMax = 4194304;        // PID_MAX_LIMIT on 64-bit
constexpr int64_t kPidMaxMin = 301;            // RESERVED_PIDS + 1
constexpr int64_t kRpsSockFlowMax = int64_t{1} << 29;

struct IntRange {
  std::string_view key;
  int64_t lo, hi;
};

// Single-integer keys with their proc handler's bounds (extra1/extra2).
constexpr IntRange kRanges[] = {
    {"net.core.somaxconn", 0, INT_MAX},
    {"net.core.rmem_max", 0, INT_MAX},
    {"net.core.wmem_max", 0, INT_MAX},
    {"net.core.rmem_default", 0, INT_MAX},
    {"net.core.wmem_default", 0, INT_MAX},
    {"net.core.netdev_max_backlog", 0, INT_MAX},
    {"net.core.rps_sock_flow_entries", 0, kRpsSockFlowMax},
    {"net.ipv4.tcp_max_syn_backlog", 0, INT_MAX},
    {"net.ipv4.tcp_fin_timeout", 0, INT_MAX / 1000},  // seconds held in jiffies
    {"net.ipv4.tcp_tw_reuse", 0, 2},
    {"net.ipv4.tcp_ecn", 0, 2},
    {"fs.nr_open", kNrOpenMin, kNrOpenMax},
    {"fs.file-max", 0, LONG_MAX},
    {"fs.inotify.max_user_instances", 0, INT_MAX},
    {"fs.inotify.max_user_watches", 0, INT_MAX},
    {"kernel.pid_max", kPidMaxMin, kPidMaxMax},
    {"kernel.numa_balancing", 0, 3},  // NUMA_BALANCING_NORMAL | NUMA_BALANCING_MEMORY_TIERING
    {"vm.swappiness", 0, 200},
    {"vm.dirty_ratio", 0, 100},
    {"vm.dirty_background_ratio", 0, 100},
    {"vm.max_map_count", 0, INT_MAX},
    {"vm.overcommit_memory", 0, 2},
};

std::optional<std::vector<int64_t>> integers(std::string_view value, size_t count) {
  std::vector<std::string_view> words = split_ws(value);
  if (words.size() != count) return std::nullopt;
  std::vector<int64_t> out;
  for (std::string_view w : words) {
    std::optional<int64_t> n = parse_int(w);
    if (!n) return std::nullopt;
    out.push_back(*n);
  }
  return out;
}

std::optional<std::string> check_tcp_mem(std::string_view value) {
  std::optional<std::vector<int64_t>> v = integers(value, 3);
  if (!v) return "expected three integers: min default max";
  for (int64_t n : *v)
    if (n < 1 || n > INT_MAX) return "each value must be between 1 and 2147483647";
  if ((*v)[0] > (*v)[1] || (*v)[1] > (*v)[2])
    return "the values must be ascending: min <= default <= max";
  return std::nullopt;
}

std::optional<std::string> check_port_range(std::string_view value,
                                            std::optional<int64_t> unprivileged_start) {
  std::optional<std::vector<int64_t>> v = integers(value, 2);
  if (!v) return "expected two port numbers: low high";
  int64_t lo = (*v)[0], hi = (*v)[1];
  if (lo < 1 || hi > 65535) return "ports must be between 1 and 65535";
  if (lo > hi) return "the low port must not be above the high port";
  if (unprivileged_start && lo < *unprivileged_start && hi >= *unprivileged_start)
    return "the range must not straddle net.ipv4.ip_unprivileged_port_start (" +
           std::to_string(*unprivileged_start) + ")";
  return std::nullopt;
}

}  // namespace

uint64_t round_up_pow2(uint64_t v) {
  if (v <= 1) return v;
  uint64_t p = 1;
  while (p < v && p < (uint64_t{1} << 63)) p <<= 1;
  return p;
}

std::optional<std::string> check_sysctl_value(std::string_view key, std::string_view value,
                                              std::optional<int64_t> unprivileged_port_start) {
  std::string v = normalize_sysctl_value(value);
  if (v.empty()) return "empty value";
  if (v.find('\n') != std::string::npos) return "the value must be one line";
  if (key == "net.ipv4.tcp_rmem" || key == "net.ipv4.tcp_wmem") return check_tcp_mem(v);
  if (key == "net.ipv4.ip_local_port_range") return check_port_range(v, unprivileged_port_start);
  for (const IntRange& r : kRanges) {
    if (r.key != key) continue;
    std::optional<int64_t> n = parse_int(v);
    if (!n) return "expected an integer";
    if (*n < r.lo || *n > r.hi)
      return "out of the kernel's range " + std::to_string(r.lo) + ".." + std::to_string(r.hi);
    return std::nullopt;
  }
  return std::nullopt;
}

std::string sysctl_effective_value(std::string_view key, std::string_view value) {
  std::string v = normalize_sysctl_value(value);
  if (key == "net.core.rps_sock_flow_entries") {
    if (std::optional<uint64_t> n = parse_uint(v)) return std::to_string(round_up_pow2(*n));
  }
  return v;
}

}  // namespace vtune
