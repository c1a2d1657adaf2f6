#pragma once
// Rules that read a fact root the probes could not list (facts "unreadable", see
// engine/facts/unreadable.h) cannot be checked on this host: whatever they produced on the
// null root (not-applicable, or nothing) is replaced by one `unknown` item per rule.
#include <set>
#include <string>
#include <vector>

#include "engine/facts/facts.h"
#include "engine/lang/library.h"
#include "engine/plan/plan.h"

namespace vtune {

// The fact roots ("nics", "sysctl", ...) a rule reads, directly or through `let` macros.
std::set<std::string> fact_roots_read(const lang::RuleDecl& rule);

// Collapses the items of every rule that reads an unreadable root into one unknown item.
void mark_unknown_items(std::vector<PlanItem>& items, const lang::RuleLibrary& lib,
                        const Facts& facts);

}  // namespace vtune
