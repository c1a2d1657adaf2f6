#pragma once
// Pure parsers for /sys/devices/system/node.
#include <optional>
#include <string_view>
#include <vector>

namespace vtune {

// "node12" -> 12; nullopt for any other entry ("online", "has_cpu", "power").
std::optional<int> numa_node_id(std::string_view dir_name);

// One row of the distance matrix, "10 21\n" -> {10, 21}; nullopt if empty or not all numbers.
std::optional<std::vector<int>> parse_node_distance(std::string_view text);

}  // namespace vtune
