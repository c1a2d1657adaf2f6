#include "appliers/persistence.h"

#include "appliers/persist_boot.h"
#include "appliers/persist_profile.h"
#include "appliers/persist_sysctl.h"
#include "appliers/persist_udev.h"

namespace vtune {

PersistVia persist_via(const Knob& knob) {
  switch (knob.kind) {
    case KnobKind::Sysctl:
      return PersistVia::SysctlD;
    case KnobKind::Sysfs:
      return udev_attribute(knob) ? PersistVia::UdevRule : PersistVia::BootUnit;
    case KnobKind::Ethtool:
    case KnobKind::IrqAffinity:
    case KnobKind::Rps:
    case KnobKind::RpsFlow:
    case KnobKind::Xps:
      return PersistVia::BootUnit;
    case KnobKind::DaemonJson:
    case KnobKind::Modprobe:
    case KnobKind::Vmx:
      return PersistVia::OwnFile;
  }
  return PersistVia::OwnFile;
}

PersistPlan plan_persistence(const std::vector<AppliedSetting>& applied, std::string_view profile,
                             const ApplierContext& ctx, std::string_view state_dir,
                             const PersistRecord& record) {
  PersistPlan plan;
  if (applied.empty()) return plan;
  std::vector<const AppliedSetting*> sysctl, udev, boot;
  for (const AppliedSetting& s : applied) {
    switch (persist_via(s.knob)) {
      case PersistVia::SysctlD:
        sysctl.push_back(&s);
        break;
      case PersistVia::UdevRule:
        udev.push_back(&s);
        break;
      case PersistVia::BootUnit:
        boot.push_back(&s);
        break;
      case PersistVia::OwnFile:
        break;
    }
  }
  auto take_notes = [&](std::vector<std::string>& notes) {
    plan.notes.insert(plan.notes.end(), notes.begin(), notes.end());
  };

  SysctlPersistence s = plan_sysctl_persistence(sysctl, profile, ctx.fs);
  if (s.file) plan.files.push_back(std::move(*s.file));
  take_notes(s.notes);

  UdevPersistence u = plan_udev_persistence(udev, profile, ctx);
  if (u.file) plan.files.push_back(std::move(*u.file));
  boot.insert(boot.end(), u.boot.begin(), u.boot.end());
  take_notes(u.notes);

  BootPersistence b = plan_boot_persistence(boot, profile, ctx.fs, state_dir, record.previous_boot);
  for (PersistFile& f : b.files) plan.files.push_back(std::move(f));
  plan.links = std::move(b.links);
  take_notes(b.notes);

  plan.files.push_back(plan_profile_record(profile, state_dir, record));
  return plan;
}

}  // namespace vtune
