#pragma once
// One factory per knob kind; the registry (registry.cpp) lists them in one table.
#include <memory>

#include "appliers/applier.h"

namespace vtune {

std::unique_ptr<Applier> make_sysctl_applier(const ApplierContext& ctx);
std::unique_ptr<Applier> make_sysfs_applier(const ApplierContext& ctx);
std::unique_ptr<Applier> make_ethtool_applier(const ApplierContext& ctx);
std::unique_ptr<Applier> make_irq_affinity_applier(const ApplierContext& ctx);
std::unique_ptr<Applier> make_rps_applier(const ApplierContext& ctx);
std::unique_ptr<Applier> make_xps_applier(const ApplierContext& ctx);
std::unique_ptr<Applier> make_rps_flow_applier(const ApplierContext& ctx);
std::unique_ptr<Applier> make_daemon_json_applier(const ApplierContext& ctx);
std::unique_ptr<Applier> make_modprobe_applier(const ApplierContext& ctx);
std::unique_ptr<Applier> make_vmx_applier(const ApplierContext& ctx);

}  // namespace vtune
