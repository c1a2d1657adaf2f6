#include "engine/core/warning_summary.h"

#include <cstring>
#include <map>
#include <string_view>

namespace vtune {
namespace {

bool permission_denied(const Warning& w) {
  static const std::string_view kText = std::strerror(EACCES);  // "Permission denied"
  return std::string_view(w.message).find(kText) != std::string_view::npos;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::string path_pattern(std::string_view path) {
  std::string out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string_view part =
        path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    out += all_digits(part) ? std::string_view("*") : part;
    if (slash == std::string_view::npos) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

std::vector<Warning> summarize_warnings(const Warnings& warnings) {
  struct Group {
    size_t first = 0;  // index in the output
    size_t count = 0;
    std::string path;
  };
  std::map<std::string, Group> groups;
  std::vector<Warning> out;
  for (const Warning& w : warnings.items()) {
    if (!permission_denied(w)) {
      out.push_back(w);
      continue;
    }
    std::string pattern = path_pattern(w.path);
    auto [it, fresh] = groups.try_emplace(pattern);
    if (fresh) {
      it->second = {out.size(), 0, w.path};
      out.push_back(w);
    }
    ++it->second.count;
  }
  for (auto& [pattern, g] : groups)
    if (g.count > 1)
      out[g.first] = {pattern, "permission denied, " + std::to_string(g.count) + " files"};
  return out;
}

}  // namespace vtune
