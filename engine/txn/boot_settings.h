#pragma once
// STATE/boot.json: the settings `vtune apply --persist` leaves for vtune-apply.service to
// re-apply at boot (ethtool, IRQ affinity, RPS/XPS: what no sysctl.d or udev file keeps).
//   {"schema_version": 1, "profile": "high-concurrency-web",
//    "settings": [{"knob": "ethtool:eth0:ring.rx", "value": 4096, "rule": "nic.ring"}, ...]}
// `vtune apply --boot` reads it and applies what differs as an ordinary transaction.
#include <string>
#include <string_view>
#include <vector>

#include "appliers/knob.h"
#include "engine/core/host_fs.h"
#include "engine/core/json.h"

namespace vtune {

struct BootSetting {
  Knob knob;
  Json value;
  std::string rule;
};
struct BootSettings {
  std::string profile;
  std::vector<BootSetting> settings;
};

std::string boot_settings_path(std::string_view state_dir);  // "STATE/boot.json"
// The file's settings; ENOENT when there is none, err 0 with a message when it is malformed.
Result<BootSettings> read_boot_settings(const HostFs& fs, std::string_view state_dir);
Json boot_settings_to_json(const BootSettings& s);

}  // namespace vtune
