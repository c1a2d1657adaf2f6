#pragma once
// Floors and ceilings: a desired value that is a bound, not a value to copy. A host that
// already has more of a capacity (a floor) or less of a timeout (a ceiling) is compliant;
// only the elements that violate their bound move, and only as far as the bound. This is
// "never make a host worse" for knobs with a numeric text form (sysctls, sysfs attributes,
// ethtool rings and channels, module parameters, daemon.json numbers).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/json.h"

namespace vtune {

enum class Bound : uint8_t { Eq, AtLeast, AtMost };
std::string_view bound_name(Bound b);    // "eq", "at_least", "at_most"
std::string_view bound_symbol(Bound b);  // "=", ">=", "<="

// A setting's bounds, one per element (a scalar has one); empty for an exact value.
using Bounds = std::vector<Bound>;
inline bool is_exact(const Bounds& b) {
  for (Bound x : b)
    if (x != Bound::Eq) return false;
  return true;
}

// The integers of a numeric value: an int, a list of ints, or kernel text
// ("4096\t131072\t33554432"); nullopt when any element is not an integer.
std::optional<std::vector<int64_t>> numeric_elements(const Json& v);

// What a bounded setting means against one current value.
struct BoundOutcome {
  Json desired;            // the value that would be written (current with violators moved)
  bool compliant = false;  // every element satisfies its bound
  std::string message;     // "33554432 >= 16777216", "16384 < 65536: raised to the floor"
};

// `bound` is the evaluated value (an int or a list of ints), `bounds` its per-element kinds.
// When `current` is null, non-numeric or of another length, the bound itself is desired
// (and the host is not compliant): nothing known can be kept.
BoundOutcome apply_bounds(const Json& current, const Json& bound, const Bounds& bounds);

// The bound in words for a plan: ">= 65535", ">= 4096 65536 16777216", "<= 1024, >= 65535";
// empty for an exact value.
std::string bound_text(const Bounds& bounds, const Json& value);

// The JSON form of a plan item's bound: "eq", "at_least" or "at_most" when every element
// has the same bound, else one name per element (["at_most", "at_least"]).
Json bounds_to_json(const Bounds& bounds);

// Whether `current` satisfies every element's bound (false when it cannot be compared).
bool satisfies_bounds(const Json& current, const Json& bound, const Bounds& bounds);

}  // namespace vtune
