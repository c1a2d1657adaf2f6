// Placeholder until the kernel probe lands: contributes no facts.
#include "probes/probes.h"

namespace vtune {
const Probe kKernelProbe{"kernel", "", {}, [](const ProbeContext&, Facts&) {}};
}  // namespace vtune
