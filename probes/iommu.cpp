// The iommu probe: whether DMA remapping is on (VT-d / AMD-Vi units and groups in sysfs)
// and what the kernel command line asked for.
#include "probes/iommu_cmdline.h"
#include "probes/probes.h"

namespace vtune {
namespace {

constexpr FactField kIommuSchema[] = {
    {"iommu", "map", "DMA remapping (Intel VT-d, AMD-Vi)",
     "/sys/class/iommu, /sys/kernel/iommu_groups, /proc/cmdline"},
    {"iommu.enabled", "bool", "An IOMMU is active: a unit or an IOMMU group exists",
     "/sys/class/iommu/*, /sys/kernel/iommu_groups/*"},
    {"iommu.units", "list<string>", "IOMMU units, e.g. dmar0 (Intel) or ivhd0 (AMD)",
     "/sys/class/iommu/*"},
    {"iommu.groups", "int", "Number of IOMMU groups", "/sys/kernel/iommu_groups/*"},
    {"iommu.passthrough", "bool",
     "Host devices bypass translation: iommu=pt (or iommu.passthrough=1) on the command line",
     "/proc/cmdline"},
    {"iommu.cmdline", "map", "IOMMU switches of the kernel command line", "/proc/cmdline"},
    {"iommu.cmdline.intel_iommu", "string", "Value of intel_iommu=, null when absent",
     "/proc/cmdline"},
    {"iommu.cmdline.amd_iommu", "string", "Value of amd_iommu=, null when absent", "/proc/cmdline"},
    {"iommu.cmdline.iommu", "string", "Value of iommu=, null when absent", "/proc/cmdline"},
};

// Entry names of a directory. A missing directory means a kernel without that feature
// compiled in (so: none); any other failure is unknown.
std::optional<std::vector<std::string>> entries(const ProbeContext& ctx, std::string_view dir) {
  Result<std::vector<DirEntry>> list = ctx.host.fs.list_dir(dir);
  if (!list) {
    if (list.error().err == ENOENT) return std::vector<std::string>{};
    ctx.warn(dir, list.error().message());
    return std::nullopt;
  }
  std::vector<std::string> names;
  for (const DirEntry& e : *list) names.push_back(e.name);
  return names;
}

void collect_iommu(const ProbeContext& ctx, Facts& facts) {
  std::optional<std::vector<std::string>> units = entries(ctx, "/sys/class/iommu");
  std::optional<std::vector<std::string>> groups = entries(ctx, "/sys/kernel/iommu_groups");
  Facts iommu = Facts::object();
  if ((units && !units->empty()) || (groups && !groups->empty()))
    iommu["enabled"] = true;
  else if (units && groups)
    iommu["enabled"] = false;
  else
    iommu["enabled"] = nullptr;
  iommu["units"] = or_null(units);
  iommu["groups"] = groups ? Facts(groups->size()) : Facts(nullptr);

  std::optional<std::string> text = ctx.read_required("/proc/cmdline");
  std::optional<IommuCmdline> cmd = text ? std::optional(parse_iommu_cmdline(*text)) : std::nullopt;
  iommu["passthrough"] = cmd ? Facts(cmd->passthrough) : Facts(nullptr);
  Facts flags = Facts::object();
  flags["intel_iommu"] = cmd ? or_null(cmd->intel_iommu) : Facts(nullptr);
  flags["amd_iommu"] = cmd ? or_null(cmd->amd_iommu) : Facts(nullptr);
  flags["iommu"] = cmd ? or_null(cmd->iommu) : Facts(nullptr);
  iommu["cmdline"] = std::move(flags);
  facts["iommu"] = std::move(iommu);
}

}  // namespace

const Probe kIommuProbe{"iommu", "IOMMU units, groups and command-line switches", kIommuSchema,
                        collect_iommu};

}  // namespace vtune
