#pragma once
// The facts tree. Facts are a tree of typed values (null, bool, int, float, string, list,
// map) with stable key names; core's Json (nlohmann's ordered_json) is exactly that, keeps
// keys in the order probes wrote them, and gives the JSON form for free. Sizes, rates and
// durations are integers in base units (bytes, bit/s, ns). `Facts` is the name for the tree
// (and its fragments, in the probes); every other JSON value in the engine is a plain Json.
#include <optional>
#include <string>
#include <vector>

#include "engine/core/json.h"

namespace vtune {

using Facts = Json;

// A known value, or null when a probe could not learn it. Never invent a value.
template <class T>
Facts or_null(const std::optional<T>& v) {
  return v ? Facts(*v) : Facts(nullptr);
}

inline constexpr int kFactsSchemaVersion = 1;

}  // namespace vtune
