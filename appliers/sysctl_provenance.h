#pragma once
// Where a persisted sysctl comes from, with systemd-sysctl's precedence (sysctl.d(5)):
// /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d, /usr/lib/sysctl.d (a name in an
// earlier directory masks it in later ones; a symlink to /dev/null masks it), the surviving
// *.conf files applied in lexicographic order of name so that a later assignment wins, then
// /etc/sysctl.conf last. An explicit key beats any glob that matches it, whatever the order,
// as in systemd.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appliers/applier.h"
#include "appliers/sysctl_conf.h"
#include "engine/core/host_fs.h"

namespace vtune {

struct SysctlProvenance {
  std::string key;
  std::optional<Assignment> winner;   // nullopt: nothing persists the key
  std::vector<Assignment> conflicts;  // applied assignments whose value differs from the winner
  std::vector<std::string> unreadable;
};

struct SysctlFileProblem {
  std::string file;
  int line = 0;
  std::string message;
};

// Every sysctl assignment on the host, read once per run; lookups do not touch the disk.
class SysctlConfigIndex {
 public:
  static SysctlConfigIndex build(const HostFs& fs);

  SysctlProvenance lookup(std::string_view key) const;
  // The files applied, in order (for reports and tests).
  const std::vector<std::string>& files() const { return files_; }
  const std::vector<std::string>& unreadable() const { return unreadable_; }
  const std::vector<SysctlFileProblem>& problems() const { return problems_; }

 private:
  struct Entry {
    SysctlConfLine line;
    std::string file;
  };
  std::vector<Entry> entries_;                                        // in application order
  std::map<std::string, std::vector<size_t>, std::less<>> explicit_;  // key -> entries_
  std::vector<size_t> globs_;
  std::vector<std::string> files_;
  std::vector<std::string> unreadable_;
  std::vector<SysctlFileProblem> problems_;
};

// One-off lookup (builds an index; use SysctlConfigIndex for many keys).
SysctlProvenance sysctl_provenance(const HostFs& fs, std::string_view key);

Persisted to_persisted(const SysctlProvenance& p);

}  // namespace vtune
