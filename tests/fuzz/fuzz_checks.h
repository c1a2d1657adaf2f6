#pragma once
// Invariants the fuzz targets share.
#include <cstdlib>

#include "engine/core/diagnostics.h"

namespace vtune::fuzz {

// Every diagnostic points somewhere real: file:line:col with line and column from 1.
inline void require_positions(const Diagnostics& diags) {
  for (const Diagnostic& d : diags.items())
    if (d.span.line == 0 || d.span.column == 0) std::abort();
}

}  // namespace vtune::fuzz
