#include "appliers/modprobe_conf.h"

#include <algorithm>

#include "engine/core/text.h"

namespace vtune {

std::string normalize_module_name(std::string_view module) {
  std::string out(module);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

namespace {

// Splits an options line into words the way kmod does: blanks separate, double quotes
// group (and are kept out of the value).
std::optional<std::vector<std::string>> words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false, quoted = false;
  for (char c : s) {
    if (c == '"') {
      quoted = !quoted;
      in_word = true;
    } else if (!quoted && (c == ' ' || c == '\t')) {
      if (in_word) out.push_back(std::move(cur));
      cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (quoted) return std::nullopt;
  if (in_word) out.push_back(std::move(cur));
  return out;
}

bool valid_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

void parse_directive(std::string_view text, int line, ModprobeConfParse& out) {
  std::optional<std::vector<std::string>> w = words(text);
  if (!w) {
    out.problems.push_back({line, "unterminated quote"});
    return;
  }
  if (w->empty() || (*w)[0] != "options") return;  // alias, blacklist, install, ...: not ours
  if (w->size() < 2 || !valid_name((*w)[1])) {
    out.problems.push_back({line, "'options' needs a module name"});
    return;
  }
  std::string module = normalize_module_name((*w)[1]);
  if (w->size() == 2) out.problems.push_back({line, "'options " + (*w)[1] + "' sets nothing"});
  for (size_t i = 2; i < w->size(); ++i) {
    const std::string& word = (*w)[i];
    size_t eq = word.find('=');
    std::string param = word.substr(0, eq);
    if (!valid_name(param)) {
      out.problems.push_back({line, "malformed module option '" + word + "'"});
      continue;
    }
    out.options.push_back(
        {line, module, param, eq == std::string::npos ? std::string() : word.substr(eq + 1)});
  }
}

}  // namespace

ModprobeConfParse parse_modprobe_conf(std::string_view text) {
  ModprobeConfParse out;
  std::string pending;
  int start = 0, number = 0;
  for (std::string_view raw : lines(text)) {
    ++number;
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (pending.empty()) {
      start = number;
      std::string_view t = trim(line);
      if (t.empty() || t.front() == '#') continue;
    }
    if (!line.empty() && line.back() == '\\') {
      pending += std::string(line.substr(0, line.size() - 1)) + " ";
      continue;
    }
    pending += std::string(line);
    parse_directive(trim(pending), start, out);
    pending.clear();
  }
  if (!pending.empty()) parse_directive(trim(pending), start, out);
  return out;
}

}  // namespace vtune
