// Diagnostic codes of this area; filled in as the area lands.
#include "engine/core/diagnostics.h"

namespace vtune {
const std::span<const DiagnosticCode> kLangCodes{};
}  // namespace vtune
