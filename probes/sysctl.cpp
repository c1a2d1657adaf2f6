// Placeholder until the sysctl probe lands: contributes no facts.
#include "probes/probes.h"

namespace vtune {
const Probe kSysctlProbe{"sysctl", "", {}, [](const ProbeContext&, Facts&) {}};
}  // namespace vtune
