#pragma once
// /proc/meminfo and /sys/devices/system/node/nodeN/meminfo, parsed into base units.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace vtune {

struct Meminfo {
  // Field name -> value: "kB" values in bytes, unitless ones (HugePages_Total) as counts.
  // The per-node form's "Node 0 " prefix is dropped, so both files use the same names.
  std::map<std::string, uint64_t, std::less<>> fields;
  // The text did not end in a newline: the last line may have been cut, so it was dropped
  // rather than trusted.
  bool truncated = false;
  // Lines that were not "Name: number [kB]".
  int bad_lines = 0;

  std::optional<uint64_t> get(std::string_view name) const {
    auto it = fields.find(name);
    return it == fields.end() ? std::nullopt : std::optional<uint64_t>(it->second);
  }
};

Meminfo parse_meminfo(std::string_view text);

}  // namespace vtune
