#pragma once
// The plan a person reads. It leads with the summary (profile, host, counts), then one
// section per area in a fixed order (network, storage, memory, cpu, virt, containers, vmx,
// then any other), each listing what would change first, then errors, unknown values,
// advisories and waivers; compliant and not-applicable items are counted but hidden unless
// `all`. Then the resolved conflicts.
//
// States are rendered by name (item_state_name), so a state added to ItemState shows up,
// is counted and sorted (after advisories) without a change here.
#include <string>

#include "engine/plan/plan.h"

namespace vtune {

struct PlanTextOptions {
  bool color = false;  // ANSI colours for the state column (the CLI decides: --color, NO_COLOR)
  bool all = false;    // also list compliant and not-applicable items
};

std::string render_plan_text(const Plan& plan, const PlanTextOptions& options = {});

// "N settings: X compliant, Y to change, Z advisories, W waived, V n/a, U errors", then any
// other state with items (", K unknown").
std::string plan_summary_line(const Plan& plan);

// A value as the plan shows it: "-" for none, true/false for booleans, else the kernel's
// text form ("4096 65536 16777216"), else JSON.
std::string text_plan_value(const Json& v);

}  // namespace vtune
