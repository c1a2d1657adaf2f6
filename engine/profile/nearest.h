#pragma once
// "Did you mean ...?" for names in profiles: the closest candidate by edit distance.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vtune {

// Edit distance: insert, delete, substitute or swap two adjacent characters, each 1.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name`, if it is close enough to be a plausible typo: at most
// a third of the longer name's length, and never more than 4 edits. Ties go to the first.
std::optional<std::string> nearest_name(std::string_view name,
                                        const std::vector<std::string_view>& candidates);

// "did you mean 'x'?" or empty, ready for Diagnostic::hint.
std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace vtune
