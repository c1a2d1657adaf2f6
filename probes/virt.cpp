// Placeholder until the virt probe lands: contributes no facts.
#include "probes/probes.h"

namespace vtune {
const Probe kVirtProbe{"virt", "", {}, [](const ProbeContext&, Facts&) {}};
}  // namespace vtune
