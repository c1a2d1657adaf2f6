#include "engine/core/cpuid_source.h"

#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace vtune {
namespace {

class LiveCpuid final : public CpuidSource {
 public:
  CpuidInfo read() const override {
    CpuidInfo info;
#if defined(__x86_64__) || defined(__i386__)
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid(0, &a, &b, &c, &d)) {
      char vendor[13] = {};
      std::memcpy(vendor, &b, 4);
      std::memcpy(vendor + 4, &d, 4);
      std::memcpy(vendor + 8, &c, 4);
      info.vendor = vendor;
    }
    if (__get_cpuid(1, &a, &b, &c, &d)) info.hypervisor_bit = (c >> 31) & 1;
    // Leaf 0x40000000 is only defined when the hypervisor bit is set; bare metal returns
    // whatever the highest basic leaf holds, so its "signature" would be noise.
    if (info.hypervisor_bit.value_or(false)) {
      __cpuid(0x40000000, a, b, c, d);
      char sig[13] = {};
      std::memcpy(sig, &b, 4);
      std::memcpy(sig + 4, &c, 4);
      std::memcpy(sig + 8, &d, 4);
      info.hypervisor_signature = std::string(sig, 12);
    }
#endif
    return info;
  }
};

class SnapshotCpuid final : public CpuidSource {
 public:
  explicit SnapshotCpuid(const HostFs& fs) : fs_(fs) {}
  CpuidInfo read() const override {
    Result<std::string> text = fs_.read_file("/.vtune/cpuid.json");
    if (!text) return {};
    Json j = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return {};
    return cpuid_from_json(j);
  }

 private:
  const HostFs& fs_;
};

}  // namespace

std::unique_ptr<CpuidSource> make_live_cpuid() {
  return std::make_unique<LiveCpuid>();
}
std::unique_ptr<CpuidSource> make_snapshot_cpuid(const HostFs& fs) {
  return std::make_unique<SnapshotCpuid>(fs);
}

Json cpuid_to_json(const CpuidInfo& info) {
  Json j = Json::object();
  if (info.hypervisor_bit) j["hypervisor_bit"] = *info.hypervisor_bit;
  if (info.hypervisor_signature) j["hypervisor_signature"] = *info.hypervisor_signature;
  if (info.vendor) j["vendor"] = *info.vendor;
  return j;
}

CpuidInfo cpuid_from_json(const Json& j) {
  CpuidInfo info;
  if (!j.is_object()) return info;
  if (auto it = j.find("hypervisor_bit"); it != j.end() && it->is_boolean())
    info.hypervisor_bit = it->get<bool>();
  if (auto it = j.find("hypervisor_signature"); it != j.end() && it->is_string())
    info.hypervisor_signature = it->get<std::string>();
  if (auto it = j.find("vendor"); it != j.end() && it->is_string())
    info.vendor = it->get<std::string>();
  return info;
}

}  // namespace vtune
