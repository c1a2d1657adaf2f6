#pragma once
// Byte strings in journal JSON. A value that is valid UTF-8 is stored as a JSON string (JSON
// escapes NUL, newline and the other controls, and nlohmann reads them back exactly); any
// other bytes are stored as {"base64": "..."} so that they survive exactly rather than being
// replaced by U+FFFD as vtune's other JSON output does.
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/json.h"

namespace vtune {

Json encode_bytes(std::string_view bytes);
// The bytes `v` stores, or nullopt when it is neither form (or its base64 is malformed).
std::optional<std::string> decode_bytes(const Json& v);

// A typed value, exactly: like the value itself, except that a string that is not valid
// UTF-8 becomes {"base64": "..."} and an object whose only key is "base64" or "object" is
// wrapped as {"object": {...}}, so that no value is mistaken for another.
Json encode_json_exact(const Json& value);
// The value `v` stores, or nullopt when a {"base64"} or {"object"} form is malformed.
std::optional<Json> decode_json_exact(const Json& v);

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace vtune
