#pragma once
// What `vtune lint` says about per-rule test cases: a rule without a case file (VT0406,
// warning), a case file naming a rule the library lacks (VT0403, warning) and a case file
// that does not parse (VT0401/VT0402, errors). Lint does not run the cases; ctest does
// (`vtune test-rules`).
#include <string>
#include <vector>

#include "engine/core/diagnostics.h"
#include "engine/lang/library.h"

namespace vtune {

struct RuleCaseDirs {
  // Directories whose rules were all loaded: their tests/ may name only rules of `lib`.
  std::vector<std::string> whole;
  // Directories of single rule files given: only missing cases are reported for those.
  std::vector<std::string> partial;
};

// Reads the case files under each directory's tests/ and reports as above. The case files'
// texts are added to `sources` so the diagnostics can show their lines.
void check_rule_case_coverage(const lang::RuleLibrary& lib, const RuleCaseDirs& dirs,
                              SourceFiles& sources, Diagnostics& diags);

}  // namespace vtune
