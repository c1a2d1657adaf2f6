#include "probes/iommu_cmdline.h"

#include "engine/core/text.h"

namespace vtune {

std::vector<std::pair<std::string, std::optional<std::string>>> parse_cmdline(
    std::string_view text) {
  std::vector<std::pair<std::string, std::optional<std::string>>> out;
  size_t i = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size()) break;
    std::string word;
    bool quoted = false;
    for (; i < text.size() && (quoted || !is_space(text[i])); ++i) {
      if (text[i] == '"')
        quoted = !quoted;
      else
        word += text[i];
    }
    size_t eq = word.find('=');
    if (eq == std::string::npos)
      out.emplace_back(word, std::nullopt);
    else
      out.emplace_back(word.substr(0, eq), word.substr(eq + 1));
  }
  return out;
}

IommuCmdline parse_iommu_cmdline(std::string_view text) {
  IommuCmdline c;
  for (auto& [key, value] : parse_cmdline(text)) {
    // The kernel stops parsing its own options at "--"; the rest belongs to init.
    if (key == "--" && !value) break;
    if (!value) continue;
    if (key == "intel_iommu")
      c.intel_iommu = value;
    else if (key == "amd_iommu")
      c.amd_iommu = value;
    else if (key == "iommu") {
      c.iommu = value;
      for (std::string_view opt : split(*value, ',')) {
        if (opt == "pt")
          c.passthrough = true;
        else if (opt == "nopt")
          c.passthrough = false;
      }
    } else if (key == "iommu.passthrough") {
      std::string_view v = trim(*value);
      if (v == "1" || v == "y" || v == "Y" || v == "on")
        c.passthrough = true;
      else if (v == "0" || v == "n" || v == "N" || v == "off")
        c.passthrough = false;
    }
  }
  return c;
}

}  // namespace vtune
