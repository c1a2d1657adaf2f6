#pragma once
// The facts schema: every key a probe may emit, with its type, unit, meaning and source.
// Each probe declares its own fields next to its code; docs/facts.md and the rule
// language's type checker are both generated from this one list.
#include <span>
#include <string_view>

namespace vtune {

// `path` uses dots for map keys and [] for list elements: "nics[].ring.rx".
// `type` is one of:
//   bool | int | float | string | size (bytes) | rate (bit/s) | duration (ns)
//   enum:a|b|c           a string from a closed set
//   list<T>              T as above, or "map" for a list of maps described by child paths
//   map                  a map whose keys are described by child paths
//   map<string,T>        a map with free keys (e.g. nics[].features)
//   any                  any JSON value, not checked further (the parsed daemon.json)
struct FactField {
  std::string_view path;
  std::string_view type;
  std::string_view meaning;
  std::string_view source;
};

using FactSchema = std::span<const FactField>;

}  // namespace vtune
