#pragma once
// The catalogue of every diagnostic code, from each area's table (rule language, profiles,
// host input files, rule test cases), for `vtune lint --explain` and the docs. It lives here,
// above every area, because core cannot see the tables of the layers above it.
#include <string_view>
#include <vector>

#include "engine/core/diagnostics.h"

namespace vtune {

std::vector<DiagnosticCode> all_diagnostic_codes();
const DiagnosticCode* find_diagnostic_code(std::string_view code);

}  // namespace vtune
