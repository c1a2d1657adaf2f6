#pragma once
// `vtune diff` output. Text: the facts that differ, one line each with the two values side
// by side (long values shortened), then, with a profile, the planned settings that differ
// (state and current value on each side). JSON (schema_version 1, docs/audit.md):
// {"schema_version", "command": "diff", "a": {path, hostname}, "b": {...}, "profile",
//  "facts": [{path, a, b, only_in}], "settings": [{rule, knob, subject, a, b}], "summary"}.
#include <string>

#include "engine/audit/snapshot_diff.h"
#include "engine/core/json.h"

namespace vtune {

std::string render_diff_text(const SnapshotDiff& diff);
Json diff_to_json(const SnapshotDiff& diff);

}  // namespace vtune
