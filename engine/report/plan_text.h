#pragma once
// The human-readable plan: one table per area (state, knob or rule id, current -> desired,
// rule, reason), then conflicts, then the one-line summary
// "N settings: X compliant, Y to change, Z advisories, W waived, V n/a, U errors".
#include <string>

#include "engine/plan/plan.h"

namespace vtune {

struct PlanTextOptions {
  bool color = false;       // ANSI colours for the state column (a TTY without NO_COLOR)
  bool only_drift = false;  // leave out compliant and not-applicable items
};

std::string render_plan_text(const Plan& plan, const PlanTextOptions& options = {});
std::string plan_summary_line(const Plan& plan);

}  // namespace vtune
