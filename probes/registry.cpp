#include "probes/probes.h"

namespace vtune {

std::span<const Probe* const> all_probes() {
  static const Probe* const kProbes[] = {
      &kCpuProbe,  &kVirtProbe,   &kIommuProbe,  &kNumaProbe,   &kMemoryProbe, &kNicProbe,
      &kBlockProbe, &kSysctlProbe, &kKernelProbe, &kDockerProbe, &kVmxProbe, &kCronProbe,
  };
  return kProbes;
}

}  // namespace vtune
