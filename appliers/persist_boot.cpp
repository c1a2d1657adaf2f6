#include "appliers/persist_boot.h"

#include <algorithm>
#include <map>

#include "engine/core/text.h"
#include "engine/facts/json_text.h"

namespace vtune {
namespace {

constexpr std::string_view kUnitText =
    R"unit(# Installed by the vtune package (or by `vtune apply --persist`) and enabled by
# `vtune apply --persist`: re-applies at boot the settings that no configuration file of the
# system carries (ethtool rings, channels, coalescing and offloads; IRQ affinity; RPS and
# XPS; THP, KSM and cpufreq), as recorded in /var/lib/vtune/boot.json.
#
# Ordering: NIC settings must be in place before the network is configured, because a ring
# or channel change on an interface that is up resets the device on most drivers (the link
# flaps) and channel changes recreate the queues that RPS, XPS and IRQ affinity refer to.
# So this runs Before=network-pre.target (which it pulls in, as firewalls do), that is before
# systemd-networkd, NetworkManager or ifupdown raise any link; and after udev has settled,
# so the NICs the drivers probe asynchronously exist and carry their final names, and after
# systemd-sysctl and systemd-modules-load. It cannot be ordered after network.target: by
# then links are up. DefaultDependencies=no keeps it out of basic.target, which would
# otherwise delay network-pre.target; local-fs.target gives it /usr and /var/lib/vtune.
[Unit]
Description=Re-apply vtune's persisted NIC, IRQ and kernel settings
Documentation=man:vtune(8)
DefaultDependencies=no
Wants=network-pre.target systemd-udev-settle.service
After=local-fs.target systemd-udev-settle.service systemd-sysctl.service systemd-modules-load.service
Before=network-pre.target shutdown.target
Conflicts=shutdown.target
ConditionPathExists=/var/lib/vtune/boot.json

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/bin/vtune apply --boot

[Install]
WantedBy=multi-user.target
)unit";

constexpr std::string_view kUnitSearchPath[] = {kBootUnitPath,
                                                "/usr/lib/systemd/system/vtune-apply.service"};

int apply_rank(const Knob& knob) {
  switch (knob.kind) {
    case KnobKind::Sysfs:
      return 0;
    case KnobKind::Ethtool:
      return starts_with(knob.field, "channels.") ? 1 : 2;
    case KnobKind::IrqAffinity:
      return 3;
    case KnobKind::Rps:
      return 4;
    case KnobKind::RpsFlow:
      return 5;
    case KnobKind::Xps:
      return 6;
    default:
      return 7;
  }
}

struct BootSetting {
  Knob knob;
  Json value;
};

}  // namespace

std::string_view boot_unit_text() {
  return kUnitText;
}

BootPersistence plan_boot_persistence(const std::vector<const AppliedSetting*>& settings,
                                      std::string_view profile, const HostFs& fs,
                                      std::string_view state_dir,
                                      const std::optional<std::string>& previous) {
  BootPersistence out;
  if (settings.empty()) return out;
  std::map<std::string, BootSetting> by_knob;
  if (previous) {
    Json old;
    try {
      old = Json::parse(*previous);
    } catch (const Json::exception&) {
      out.notes.push_back(std::string(state_dir) +
                          "/boot.json did not parse; it is replaced by this run's settings only");
    }
    if (old.is_object() && old.contains("settings") && old["settings"].is_array())
      for (const Json& s : old["settings"]) {
        if (!s.is_object() || !s.contains("knob") || !s["knob"].is_string() || !s.contains("value"))
          continue;
        KnobParse k = parse_knob(s["knob"].get<std::string>());
        if (k) by_knob[format_knob(*k.knob)] = BootSetting{*k.knob, s["value"]};
      }
  }
  for (const AppliedSetting* s : settings) by_knob[format_knob(s->knob)] = {s->knob, s->value};
  std::vector<const std::pair<const std::string, BootSetting>*> ordered;
  for (const auto& entry : by_knob) ordered.push_back(&entry);
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) {
    return apply_rank(a->second.knob) < apply_rank(b->second.knob);
  });
  Json list = Json::array();
  for (const auto* entry : ordered)
    list.push_back({{"knob", entry->first}, {"value", entry->second.value}});
  Json boot = {{"schema_version", 1}, {"profile", std::string(profile)}, {"settings", list}};

  // The unit: the package's, or one --persist installs in /etc.
  std::string unit;
  for (std::string_view path : kUnitSearchPath)
    if (unit.empty() && fs.exists(path)) unit = std::string(path);
  if (unit.empty()) {
    unit = std::string(kBootUnitLocalPath);
    Result<std::string> have = fs.read_file(unit);
    if (!have || *have != kUnitText) out.files.push_back({unit, std::string(kUnitText), 0644});
  }
  out.files.push_back({std::string(state_dir) + "/boot.json", dump_json(boot, 2) + "\n", 0644});
  Result<std::string> link = fs.read_link(kBootUnitWantsLink);
  if (!link || *link != unit) out.links.push_back({std::string(kBootUnitWantsLink), unit});
  if (state_dir != kDefaultStateDir)
    out.notes.push_back("boot.json is in " + std::string(state_dir) +
                        ", but vtune-apply.service reads " + std::string(kDefaultStateDir) +
                        "/boot.json: nothing is re-applied at boot from this state directory");
  return out;
}

}  // namespace vtune
