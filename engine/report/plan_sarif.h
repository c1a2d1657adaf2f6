#pragma once
// The plan as SARIF 2.1.0, for code-scanning dashboards (`vtune check --format sarif`).
// runs[0].tool.driver.rules describes every rule the plan mentions, from the rule library
// (title, rationale, reference, tags, practice, severity as the default level); results are
// the items that need attention: drift, errors and advisories, plus waived items carried as
// suppressed results so the dashboard shows them as accepted rather than fixed.
#include <string>

#include "engine/lang/library.h"
#include "engine/plan/plan.h"

namespace vtune {

std::string render_plan_sarif(const Plan& plan, const lang::RuleLibrary& library);

// SARIF level for a rule severity: high -> error, medium -> warning, low and info -> note.
std::string_view sarif_level(std::string_view severity);

}  // namespace vtune
