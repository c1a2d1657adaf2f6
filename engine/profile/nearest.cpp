#include "engine/profile/nearest.h"

#include <algorithm>

namespace vtune {

size_t edit_distance(std::string_view a, std::string_view b) {
  // One row of the DP table at a time: names are short, and this keeps it allocation-light.
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> nearest_name(std::string_view name,
                                        const std::vector<std::string_view>& candidates) {
  std::optional<std::string> best;
  size_t best_distance = 0;
  for (std::string_view c : candidates) {
    size_t d = edit_distance(name, c);
    size_t limit = std::min<size_t>(4, std::max<size_t>(1, std::max(name.size(), c.size()) / 3));
    if (d > limit) continue;
    if (!best || d < best_distance) {
      best = std::string(c);
      best_distance = d;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates) {
  std::optional<std::string> n = nearest_name(name, candidates);
  return n ? "did you mean '" + *n + "'?" : std::string();
}

}  // namespace vtune
