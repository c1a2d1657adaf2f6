#pragma once
// A listing that could not be read is not an empty one. When a probe cannot enumerate what a
// fact root iterates over (/sys/class/net for `nics`), it sets the root to null and records
// why under the top-level key "unreadable": {"nics": "open /sys/class/net: Permission denied"}.
// The planner turns every rule that reads such a root into one `unknown` item ("not checkable
// here") instead of letting it pass as not applicable on an empty list.
#include <optional>
#include <string>
#include <string_view>

#include "engine/facts/facts.h"

namespace vtune {

inline constexpr std::string_view kUnreadableKey = "unreadable";

inline void mark_unreadable(Facts& facts, std::string_view root, std::string why) {
  facts[std::string(root)] = nullptr;
  Facts& marks = facts[std::string(kUnreadableKey)];
  if (!marks.is_object()) marks = Facts::object();
  marks[std::string(root)] = std::move(why);
}

// Why `root` could not be read, or nullopt when it was.
inline std::optional<std::string> unreadable_reason(const Facts& facts, std::string_view root) {
  auto marks = facts.find(kUnreadableKey);
  if (marks == facts.end() || !marks->is_object()) return std::nullopt;
  auto it = marks->find(std::string(root));
  if (it == marks->end()) return std::nullopt;
  return it->is_string() ? it->get<std::string>() : std::string("could not be read");
}

}  // namespace vtune
