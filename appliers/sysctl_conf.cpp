#include "appliers/sysctl_conf.h"

#include "engine/core/text.h"
#include "probes/sysctl_reader.h"

namespace vtune {

std::string normalize_sysctl_key(std::string_view key) {
  key = trim(key);
  while (!key.empty() && (key.front() == '/' || key.front() == '.')) key.remove_prefix(1);
  size_t first = key.find_first_of("/.");
  bool swap = first != std::string_view::npos && key[first] == '/';
  std::string out;
  for (char c : key) {
    if (swap && (c == '/' || c == '.')) c = c == '/' ? '.' : '/';
    if (c == '.' && !out.empty() && out.back() == '.') continue;
    out += c;
  }
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

SysctlConfParse parse_sysctl_conf(std::string_view text) {
  SysctlConfParse out;
  int number = 0;
  for (std::string_view raw : lines(text)) {
    ++number;
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    SysctlConfLine entry;
    entry.line = number;
    if (line.front() == '-') {
      entry.ignore_failure = true;
      line.remove_prefix(1);
    }
    size_t eq = line.find('=');
    // Without '=', only the '-' form means something: an exclusion from glob assignments.
    if (eq == std::string_view::npos && !entry.ignore_failure) {
      out.problems.push_back({number, "not an assignment: '" + std::string(line) + "'"});
      continue;
    }
    std::string_view key = eq == std::string_view::npos ? line : line.substr(0, eq);
    entry.key = normalize_sysctl_key(key);
    if (entry.key.empty()) {
      out.problems.push_back({number, "empty key"});
      continue;
    }
    entry.glob = entry.key.find_first_of("*?[") != std::string::npos;
    if (eq != std::string_view::npos) entry.value = normalize_sysctl_value(line.substr(eq + 1));
    out.entries.push_back(std::move(entry));
  }
  return out;
}

}  // namespace vtune
