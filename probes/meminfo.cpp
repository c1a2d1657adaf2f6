#include "probes/meminfo.h"

#include <limits>

#include "engine/core/text.h"

namespace vtune {
namespace {

// "Node 1 MemTotal:" -> "MemTotal:".
std::string_view strip_node_prefix(std::string_view line) {
  if (!starts_with(line, "Node ")) return line;
  std::vector<std::string_view> words = split_ws(line);
  if (words.size() < 3 || !parse_uint(words[1])) return line;
  return line.substr(static_cast<size_t>(words[2].data() - line.data()));
}

}  // namespace

Meminfo parse_meminfo(std::string_view text) {
  Meminfo out;
  if (!text.empty() && text.back() != '\n') {
    out.truncated = true;
    size_t last = text.rfind('\n');
    text = last == std::string_view::npos ? std::string_view{} : text.substr(0, last + 1);
  }
  for (std::string_view line : lines(text)) {
    if (trim(line).empty()) continue;
    line = strip_node_prefix(line);
    size_t colon = line.find(':');
    std::string_view name = trim(line.substr(0, colon));
    std::vector<std::string_view> rest = colon == std::string_view::npos
                                             ? std::vector<std::string_view>{}
                                             : split_ws(line.substr(colon + 1));
    uint64_t v = 0;
    bool numeric = false;
    if (!rest.empty()) {
      if (std::optional<uint64_t> parsed = parse_uint(rest[0])) {
        v = *parsed;
        numeric = true;
      }
    }
    bool kb = rest.size() == 2 && rest[1] == "kB";
    bool well_formed = !name.empty() && numeric && (rest.size() == 1 || kb);
    if (!well_formed || (kb && v > std::numeric_limits<uint64_t>::max() / 1024)) {
      ++out.bad_lines;
      continue;
    }
    out.fields[std::string(name)] = kb ? v * 1024 : v;
  }
  return out;
}

}  // namespace vtune
