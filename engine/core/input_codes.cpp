// Diagnostic codes for host input files (daemon.json, .vmx); filled in as they land.
#include "engine/core/diagnostics.h"

namespace vtune {
const std::span<const DiagnosticCode> kInputCodes{};
}  // namespace vtune
