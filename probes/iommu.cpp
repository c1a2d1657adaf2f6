// Placeholder until the iommu probe lands: contributes no facts.
#include "probes/probes.h"

namespace vtune {
const Probe kIommuProbe{"iommu", "", {}, [](const ProbeContext&, Facts&) {}};
}  // namespace vtune
