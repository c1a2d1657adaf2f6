#pragma once
// The probe registry: every probe, in the order they run and their keys appear in the facts
// tree. A probe may read the keys of the probes before it (virt reads cpu.flags).
#include <span>

#include "engine/facts/probe.h"

namespace vtune {

extern const Probe kCpuProbe;
extern const Probe kVirtProbe;
extern const Probe kIommuProbe;
extern const Probe kNumaProbe;
extern const Probe kMemoryProbe;
extern const Probe kNicProbe;
extern const Probe kBlockProbe;
extern const Probe kSysctlProbe;
extern const Probe kKernelProbe;
extern const Probe kDockerProbe;
extern const Probe kVmxProbe;
extern const Probe kCronProbe;

std::span<const Probe* const> all_probes();

}  // namespace vtune
