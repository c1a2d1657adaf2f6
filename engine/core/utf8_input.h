#pragma once
#include <string_view>

#include "engine/core/diagnostics.h"

namespace vtune {

// Rule files, profiles and every other text vtune loads as user input must be UTF-8: an
// invalid byte would reach every output format. False (with a VT0390 error at the line and
// column of the first invalid byte) when `text` is not.
bool require_utf8(std::string_view file, std::string_view text, Diagnostics& diags);

}  // namespace vtune
