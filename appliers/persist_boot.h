#pragma once
// Persisted boot-time settings: STATE/boot.json, which `vtune apply --boot` re-applies from
// vtune-apply.service, the unit itself (when no package installed it), and the link that
// enables it (what `systemctl enable` would make; no systemctl is run).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appliers/persistence.h"

namespace vtune {

struct BootPersistence {
  std::vector<PersistFile> files;  // the unit (if needed), then boot.json
  std::vector<PersistLink> links;
  std::vector<std::string> notes;
};

// `settings` are those persist_via() sends to the boot unit (plus sysfs ones udev could not
// carry). `previous` is STATE/boot.json as it is (nullopt when absent): its settings stay
// unless this run sets the same knob. boot.json lists the settings in the order they must
// be applied: sysfs, then ethtool channels (which recreate queues and IRQs), the other
// ethtool fields, IRQ affinity, RPS, RPS flow counts and XPS; by knob within each.
BootPersistence plan_boot_persistence(const std::vector<const AppliedSetting*>& settings,
                                      std::string_view profile, const HostFs& fs,
                                      std::string_view state_dir,
                                      const std::optional<std::string>& previous);

// The text of packaging/vtune-apply.service (a unit test keeps the two identical).
std::string_view boot_unit_text();

}  // namespace vtune
