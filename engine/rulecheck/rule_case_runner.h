#pragma once
// Runs a rule's cases (rule_cases.h): each case becomes an in-memory host (MemoryHostFs
// holding facts.sysctl under /proc/sys and the case's files, a snapshot ethtool over it), a
// facts tree from the fragment, and a profile that selects only that rule with the case's
// params. The planner plans it; the rule's items are compared with the expectations.
#include <string>
#include <vector>

#include "engine/core/diagnostics.h"
#include "engine/lang/library.h"
#include "engine/rulecheck/rule_cases.h"

namespace vtune {

struct RuleCaseRun {
  int passed = 0;
  int failed = 0;
};

// Runs every case of `file` against `lib` (checked). A failing case is an error (VT0405) at
// the case, naming the rule, the case and the field with expected and actual values; a
// rule the library lacks is VT0403; a fact the schema does not know or params the rule
// library rejects are errors too (a typo must not make a case pass vacuously).
RuleCaseRun run_rule_cases(const lang::RuleLibrary& lib, const RuleCaseFile& file,
                           Diagnostics& diags);

}  // namespace vtune
