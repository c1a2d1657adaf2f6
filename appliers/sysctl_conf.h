#pragma once
// The sysctl.d / sysctl.conf syntax as systemd-sysctl reads it (sysctl.d(5)):
//   # comment            ; comment          (only at the start of a line)
//   net.core.somaxconn = 4096
//   net/ipv4/tcp_rmem=4096 87380 6291456    ('/' separators: dots and slashes swap)
//   -net.ipv4.conf.eth9.rp_filter = 1       (leading '-': ignore a failure to set it)
//   net.ipv4.conf.*.rp_filter = 2           (a glob: every matching key not set explicitly)
//   -net.ipv4.conf.lo.rp_filter             (no '=': exclude the key from globs)
// A '#' after the value is part of the value, as it is to systemd and procps.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vtune {

struct SysctlConfLine {
  int line = 0;                      // 1-based
  std::string key;                   // normalised to dots
  std::optional<std::string> value;  // whitespace-normalised; nullopt for an exclusion
  bool ignore_failure = false;       // leading '-'
  bool glob = false;                 // the key holds * ? or [
};

struct SysctlConfProblem {
  int line = 0;
  std::string message;
};

struct SysctlConfParse {
  std::vector<SysctlConfLine> entries;  // in file order
  std::vector<SysctlConfProblem> problems;
};

SysctlConfParse parse_sysctl_conf(std::string_view text);

// systemd's sysctl_normalize: a key whose first separator is '/' has its '/' and '.' swapped
// ("net/ipv4/conf/eth0.100/rp_filter" -> "net.ipv4.conf.eth0/100.rp_filter"); a dotted key
// stays as it is. Leading and repeated separators are dropped.
std::string normalize_sysctl_key(std::string_view key);

}  // namespace vtune
