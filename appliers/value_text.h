#pragma once
// How desired values (typed Json from the rule evaluator) and current values (text from
// /proc, /sys and config files) are brought to one comparable form.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/json.h"

namespace vtune {

// The kernel's text form of a scalar or a list of scalars: "4096 65536 134217728", "1" for
// true, "0" for false. nullopt for null, objects, nested lists and non-integral floats.
std::optional<std::string> facts_to_text(const Json& value);

// An integer written canonically ("+0010" -> "10", "-0" -> "0"), covering the whole
// unsigned 64-bit range as well as negative values; nullopt when `s` is not one.
std::optional<std::string> canonical_integer(std::string_view s);

// Whitespace-separated words compared as integers where both sides are integers and as
// text otherwise: "4096\t65536  6291456" equals "4096 65536 6291456".
bool words_equal(std::string_view a, std::string_view b);

// A desired integer: an int, an unsigned, an integral float or a decimal string.
std::optional<int64_t> facts_to_int(const Json& value);

// A desired boolean: true/false, 1/0, or "on"/"off", "yes"/"no", "true"/"false", "y"/"n",
// "1"/"0" in any case.
std::optional<bool> facts_to_bool(const Json& value);

// JSON equality where an object's key order does not matter (ordered_json's own == compares
// keys in order) and numbers compare by value (3 == 3.0).
bool json_equal(const Json& a, const Json& b);

}  // namespace vtune
