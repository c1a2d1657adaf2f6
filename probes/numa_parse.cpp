#include "probes/numa_parse.h"

#include "engine/core/text.h"

namespace vtune {

std::optional<int> numa_node_id(std::string_view dir_name) {
  if (!starts_with(dir_name, "node")) return std::nullopt;
  std::string_view digits = dir_name.substr(4);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  std::optional<int64_t> id = parse_int(digits);
  if (!id || *id > 1 << 20) return std::nullopt;
  return static_cast<int>(*id);
}

std::optional<std::vector<int>> parse_node_distance(std::string_view text) {
  std::vector<int> row;
  for (std::string_view word : split_ws(text)) {
    std::optional<int64_t> d = parse_int(word);
    if (!d || *d < 0 || *d > 255) return std::nullopt;  // ACPI SLIT entries are one byte
    row.push_back(static_cast<int>(*d));
  }
  if (row.empty()) return std::nullopt;
  return row;
}

}  // namespace vtune
