#pragma once
// Persisted sysctls: /etc/sysctl.d/90-vtune.conf, and the files that would still override it
// at boot (systemd-sysctl applies the sysctl.d files in lexical order of their names, a later
// assignment winning, then /etc/sysctl.conf; see appliers/sysctl_provenance.h).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appliers/persistence.h"

namespace vtune {

struct SysctlPersistence {
  std::optional<PersistFile> file;  // none when no sysctl was applied
  std::vector<std::string> notes;
};

// `sysctls` are sysctl settings only. The file holds them merged into the keys the file
// already has, sorted by key.
SysctlPersistence plan_sysctl_persistence(const std::vector<const AppliedSetting*>& sysctls,
                                          std::string_view profile, const HostFs& fs);

}  // namespace vtune
