#pragma once
// Persistence (`vtune apply --persist`): what makes the applied values survive a reboot.
// A pure layer: plan_persistence reads the host through the context (the sysctl.d files
// that could override vtune's, the udev database for stable disk names, vtune's own files
// of earlier runs) and returns the files and links to write; the transaction (engine/txn)
// writes them at commit time, with before-images, so that rollback puts them back byte
// for byte. docs/persistence.md says what goes where and why.
//
//   sysctl                              -> /etc/sysctl.d/90-vtune.conf
//   sysfs of a disk or a NIC            -> /etc/udev/rules.d/90-vtune.rules
//   other sysfs (THP, KSM, cpufreq...), -> STATE/boot.json, re-applied by
//   ethtool, irq_affinity, rps,            `vtune apply --boot` from vtune-apply.service
//   rps_flow, xps                          (installed and enabled by a PersistLink)
//   modprobe, daemon_json, vmx          -> nothing: their write is already the file
//   the profile                         -> STATE/profile.json
//
// Each file holds what vtune persists of its kind: this run's settings merged into what the
// file already holds from earlier runs (a key set now replaces its earlier line).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appliers/applier.h"

namespace vtune {

// One setting the transaction applied (and read back): the knob, the typed value written,
// where it went, and the rule that asked for it.
struct AppliedSetting {
  Knob knob;
  Json value;
  Target target;
  std::string rule;
};

struct PersistFile {
  std::string path;   // absolute: a host path, or under the state directory
  std::string bytes;  // the whole new content
  unsigned mode = 0644;
};

// A symbolic link to create (or replace): `systemctl enable` makes exactly this one.
struct PersistLink {
  std::string path;
  std::string target;
};

struct PersistPlan {
  std::vector<PersistFile> files;  // in a stable order: sysctl, udev, unit, boot.json, profile
  std::vector<PersistLink> links;
  // For the report, one line each: "net.core.somaxconn: /etc/sysctl.d/99-local.conf:3 sets
  // 128, which overrides 90-vtune.conf at boot".
  std::vector<std::string> notes;
};

// What the transaction knows that the host does not: who it is (for STATE/profile.json)
// and the state directory's boot.json (which may not be under the host root).
struct PersistRecord {
  std::string transaction;                   // the journal id
  std::string time;                          // ISO 8601, UTC ("2024-05-01T12:00:00Z")
  std::optional<std::string> previous_boot;  // STATE/boot.json's bytes; nullopt when absent
};

// How a knob persists.
enum class PersistVia { SysctlD, UdevRule, BootUnit, OwnFile };
PersistVia persist_via(const Knob& knob);

inline constexpr std::string_view kPersistSysctlPath = "/etc/sysctl.d/90-vtune.conf";
inline constexpr std::string_view kPersistUdevPath = "/etc/udev/rules.d/90-vtune.rules";
inline constexpr std::string_view kBootUnitPath = "/lib/systemd/system/vtune-apply.service";
// Where --persist installs the unit when the package did not (a build from source).
inline constexpr std::string_view kBootUnitLocalPath = "/etc/systemd/system/vtune-apply.service";
inline constexpr std::string_view kBootUnitWantsLink =
    "/etc/systemd/system/multi-user.target.wants/vtune-apply.service";
inline constexpr std::string_view kDefaultStateDir = "/var/lib/vtune";

// The files and links that persist `applied`. `state_dir` is where boot.json and
// profile.json go (kDefaultStateDir on a host). Nothing is planned for a kind nothing was
// applied of; profile.json is always planned when `applied` is not empty.
PersistPlan plan_persistence(const std::vector<AppliedSetting>& applied, std::string_view profile,
                             const ApplierContext& ctx, std::string_view state_dir,
                             const PersistRecord& record);

}  // namespace vtune
