#pragma once
// The IOMMU switches of the kernel command line, as typed data.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vtune {

// "a b=c d=\"e f\"" -> {a, nullopt}, {b, c}, {d, e f}; the kernel's own quoting rules
// (double quotes group, and are removed).
std::vector<std::pair<std::string, std::optional<std::string>>> parse_cmdline(
    std::string_view text);

struct IommuCmdline {
  std::optional<std::string> intel_iommu;  // last intel_iommu= value
  std::optional<std::string> amd_iommu;
  std::optional<std::string> iommu;
  // iommu=pt (arch option, comma list, later pt/nopt wins) or iommu.passthrough=1.
  bool passthrough = false;
};

IommuCmdline parse_iommu_cmdline(std::string_view text);

}  // namespace vtune
