// Placeholder until the cpu probe lands: contributes no facts.
#include "probes/probes.h"

namespace vtune {
const Probe kCpuProbe{"cpu", "", {}, [](const ProbeContext&, Facts&) {}};
}  // namespace vtune
