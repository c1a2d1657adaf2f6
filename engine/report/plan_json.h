#pragma once
// The machine-readable plan of `vtune plan --format json` and `vtune check` (schema_version 1):
// {"schema_version", "command", "profile", "profile_chain", "root", "hostname", "generated_at",
//  "summary": {total, compliant, change, advisory, waived, not_applicable, error},
//  "rules_selected", "rules_applicable", "items": [...], "conflicts": [...]}.
#include <string_view>

#include "engine/core/json.h"
#include "engine/plan/plan.h"

namespace vtune {

// `command` is "plan" or "check"; generated_at is the current UTC time (ISO 8601).
Json plan_to_json(const Plan& plan, std::string_view command = "plan");
Json plan_item_to_json(const PlanItem& item);
// {"total", "compliant", "change", "advisory", "waived", "not_applicable", "error", "unknown"}.
Json plan_counts_to_json(const PlanCounts& counts);

}  // namespace vtune
