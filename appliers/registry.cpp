#include "appliers/registry.h"

#include "appliers/appliers.h"

namespace vtune {
namespace {

struct ApplierEntry {
  KnobKind kind;
  std::unique_ptr<Applier> (*make)(const ApplierContext&);
};

// Every knob kind and the applier that reads it. A kind missing here is a bug caught by
// registry_test ("every kind has an applier").
constexpr ApplierEntry kAppliers[] = {
    {KnobKind::Sysctl, make_sysctl_applier},     {KnobKind::Sysfs, make_sysfs_applier},
    {KnobKind::Ethtool, make_ethtool_applier},   {KnobKind::IrqAffinity, make_irq_affinity_applier},
    {KnobKind::Rps, make_rps_applier},           {KnobKind::RpsFlow, make_rps_flow_applier},
    {KnobKind::Xps, make_xps_applier},           {KnobKind::DaemonJson, make_daemon_json_applier},
    {KnobKind::Modprobe, make_modprobe_applier}, {KnobKind::Vmx, make_vmx_applier},
};

static_assert(std::size(kAppliers) == std::size(kAllKnobKinds));

}  // namespace

ApplierSet::ApplierSet(const ApplierContext& ctx) : fs_(ctx.fs) {
  for (const ApplierEntry& e : kAppliers) appliers_[static_cast<size_t>(e.kind)] = e.make(ctx);
}

ApplierSet::~ApplierSet() = default;

const Applier& ApplierSet::applier_for(KnobKind kind) const {
  return *appliers_[static_cast<size_t>(kind)];
}

}  // namespace vtune
