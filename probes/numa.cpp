// Placeholder until the numa probe lands: contributes no facts.
#include "probes/probes.h"

namespace vtune {
const Probe kNumaProbe{"numa", "", {}, [](const ProbeContext&, Facts&) {}};
}  // namespace vtune
