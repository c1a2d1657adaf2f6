// Placeholder until the vmx probe lands: contributes no facts.
#include "probes/probes.h"

namespace vtune {
const Probe kVmxProbe{"vmx", "", {}, [](const ProbeContext&, Facts&) {}};
}  // namespace vtune
