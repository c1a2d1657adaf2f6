#pragma once
// CPUID seam. Live: the instruction itself (hypervisor bit, leaf 0x40000000 signature,
// leaf 0 vendor). Under --root: DIR/.vtune/cpuid.json. A missing file means "unknown", not
// "no hypervisor", so every field is optional.
#include <memory>
#include <optional>
#include <string>

#include "engine/core/host_fs.h"
#include "engine/core/json.h"

namespace vtune {

struct CpuidInfo {
  std::optional<bool> hypervisor_bit;               // leaf 1 ECX bit 31
  std::optional<std::string> hypervisor_signature;  // leaf 0x40000000 EBX:ECX:EDX, 12 chars
  std::optional<std::string> vendor;                // leaf 0: "GenuineIntel", "AuthenticAMD"
};

class CpuidSource {
 public:
  virtual ~CpuidSource() = default;
  virtual CpuidInfo read() const = 0;
};

std::unique_ptr<CpuidSource> make_live_cpuid();
// Reads /.vtune/cpuid.json through `fs`; absent or malformed -> all fields unknown.
std::unique_ptr<CpuidSource> make_snapshot_cpuid(const HostFs& fs);

Json cpuid_to_json(const CpuidInfo& info);
CpuidInfo cpuid_from_json(const Json& j);

}  // namespace vtune
