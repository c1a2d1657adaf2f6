#pragma once
// One broken file, one error item. When daemon.json does not parse, every daemon_json knob
// of every rule fails the same way; the plan says so once, with the file's line:col, instead
// of repeating it per knob with a meaningless "- -> value".
#include <vector>

#include "engine/plan/plan.h"

namespace vtune {

// Merges error items on file-backed knobs (daemon_json:...) that carry the same message into
// the first of them: knob, current and desired cleared, the rules and keys that wait on the
// file listed in the message.
void merge_file_errors(std::vector<PlanItem>& items);

}  // namespace vtune
