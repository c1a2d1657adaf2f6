#pragma once
// The JSON value type every layer shares: nlohmann's ordered_json, which keeps keys in the
// order they were written (reports and daemon.json round-trips depend on that). `Json`
// (engine/facts) names the facts tree, which is one such value under a schema; a knob's
// current or desired value, a journal record or a report is a plain Json.
#include <nlohmann/json.hpp>

namespace vtune {

using Json = nlohmann::ordered_json;

}  // namespace vtune
