#include "probes/kernel_modules.h"

#include "engine/core/text.h"

namespace vtune {

std::set<std::string> congestion_modules(std::string_view module_list) {
  constexpr std::string_view kPrefix = "kernel/net/ipv4/tcp_";
  std::set<std::string> out;
  for (std::string_view line : split(module_list, '\n')) {
    line = trim(line);
    if (size_t colon = line.find(':'); colon != std::string_view::npos)
      line = line.substr(0, colon);
    if (!starts_with(line, kPrefix)) continue;
    std::string_view rest = line.substr(kPrefix.size());
    size_t ko = rest.find(".ko");
    if (ko == std::string_view::npos || ko == 0) continue;
    std::string_view suffix = rest.substr(ko);
    if (suffix != ".ko" && suffix != ".ko.xz" && suffix != ".ko.zst" && suffix != ".ko.gz")
      continue;
    std::string_view name = rest.substr(0, ko);
    if (name == "diag" || name.find('/') != std::string_view::npos) continue;
    out.emplace(name);
  }
  return out;
}

std::set<std::string> congestion_words(std::string_view text) {
  std::set<std::string> out;
  for (std::string_view w : split_ws(text)) out.emplace(w);
  return out;
}

}  // namespace vtune
