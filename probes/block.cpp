// Placeholder until the block probe lands: contributes no facts.
#include "probes/probes.h"

namespace vtune {
const Probe kBlockProbe{"block", "", {}, [](const ProbeContext&, Facts&) {}};
}  // namespace vtune
