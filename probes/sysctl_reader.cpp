#include "probes/sysctl_reader.h"

#include "engine/core/text.h"

namespace vtune {

bool valid_sysctl_key(std::string_view key) {
  if (key.empty()) return false;
  for (std::string_view part : split(key, '.')) {
    if (part.empty()) return false;
    for (char c : part) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!ok) return false;
    }
  }
  return true;
}

std::string sysctl_path(std::string_view key) {
  std::string path = "/proc/sys/";
  for (char c : key) path += c == '.' ? '/' : c;
  return path;
}

std::string normalize_sysctl_value(std::string_view value) {
  value = trim(value);
  std::string out;
  out.reserve(value.size());
  bool in_blank = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      in_blank = true;
      continue;
    }
    // A blank run next to a newline is layout, not a separator.
    if (in_blank && c != '\n' && !out.empty() && out.back() != '\n') out += ' ';
    in_blank = false;
    out += c;
  }
  return out;
}

Result<std::string> read_sysctl(const HostFs& fs, std::string_view key) {
  if (!valid_sysctl_key(key)) return SysError{EINVAL, std::string(key), "invalid sysctl key"};
  Result<std::string> text = fs.read_file(sysctl_path(key));
  if (!text) return text.error();
  return normalize_sysctl_value(*text);
}

std::span<const std::string_view> watched_sysctls() {
  static constexpr std::string_view kWatched[] = {
      "net.core.rmem_max",
      "net.core.wmem_max",
      "net.ipv4.tcp_rmem",
      "net.ipv4.tcp_wmem",
      "net.core.somaxconn",
      "net.ipv4.tcp_max_syn_backlog",
      "net.core.netdev_max_backlog",
      "net.ipv4.ip_local_port_range",
      "net.ipv4.tcp_tw_reuse",
      "net.ipv4.tcp_fin_timeout",
      "fs.file-max",
      "fs.nr_open",
      "net.core.default_qdisc",
      "net.ipv4.tcp_congestion_control",
      "net.ipv4.tcp_available_congestion_control",
      "net.ipv4.tcp_ecn",
      "net.core.rps_sock_flow_entries",
      "vm.swappiness",
      "vm.dirty_background_ratio",
      "vm.dirty_ratio",
      "vm.max_map_count",
      "kernel.numa_balancing",
      "fs.inotify.max_user_instances",
      "fs.inotify.max_user_watches",
      "net.ipv4.ip_forward",
      "kernel.pid_max",
      "net.ipv4.tcp_slow_start_after_idle",
      "net.ipv4.tcp_syncookies",
      "net.ipv4.tcp_notsent_lowat",
      "net.ipv4.tcp_mtu_probing",
      "net.ipv4.tcp_fastopen",
      "net.ipv4.tcp_max_tw_buckets",
      "net.ipv4.tcp_keepalive_time",
      "net.netfilter.nf_conntrack_max",  // absent unless nf_conntrack is loaded
      // vm.drop_caches is deliberately absent: it is write-only and reading it means nothing.
  };
  return kWatched;
}

}  // namespace vtune
