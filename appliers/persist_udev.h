#pragma once
// Persisted disk and NIC attributes: /etc/udev/rules.d/90-vtune.rules, one rule per
// attribute, so udev sets it again whenever the device appears (at boot, on hotplug):
//   ACTION=="add|change", SUBSYSTEM=="block", ENV{ID_SERIAL}=="...", ENV{DEVTYPE}=="disk",
//     ATTR{queue/scheduler}="mq-deadline"                                   (one line)
// "90-" runs after 60-persistent-storage.rules (which sets ID_SERIAL and ID_WWN) and
// 80-net-setup-link.rules (which names interfaces).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appliers/persistence.h"

namespace vtune {

// A sysfs knob udev can persist: an attribute of one block device or network interface.
struct UdevAttribute {
  std::string subsystem;  // "block" or "net"
  std::string device;     // "sda", "eth0", or a glob ("sd*")
  std::string attribute;  // relative to the device: "queue/scheduler", "device/queue_depth"
};

// nullopt for sysfs knobs that are not a device attribute udev can set (THP, KSM, cpufreq,
// queue/iosched/*, whose files change with the scheduler), which boot.json carries instead.
std::optional<UdevAttribute> udev_attribute(const Knob& knob);

struct UdevPersistence {
  std::optional<PersistFile> file;          // none when no device attribute was applied
  std::vector<const AppliedSetting*> boot;  // settings a rule cannot carry (a value with '"')
  std::vector<std::string> notes;
};

// `sysfs` are settings for which udev_attribute() holds.
UdevPersistence plan_udev_persistence(const std::vector<const AppliedSetting*>& sysfs,
                                      std::string_view profile, const ApplierContext& ctx);

}  // namespace vtune
