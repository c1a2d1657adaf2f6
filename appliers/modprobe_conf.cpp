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

namespace vtune {
namespace {

constexpr std::string_view kOwnedHeader =
    "# Written by vtune: module options it applied. `vtune rollback` puts back the file as it\n"
    "# was; a later `vtune apply` rewrites the lines of the modules it manages.\n";

// One directive as it sits in the file: its physical lines (with their terminators), joined
// across trailing backslashes as kmod joins them.
struct Directive {
  std::string raw;      // the bytes of every physical line, terminators included
  std::string logical;  // the continued lines joined, for parsing
};

std::vector<Directive> split_directives(std::string_view text) {
  std::vector<Directive> out;
  bool continuing = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view physical = text.substr(start, end - start);
    std::string_view body = physical;
    if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
    if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
    if (!continuing) out.emplace_back();
    Directive& d = out.back();
    d.raw += physical;
    // kmod continues a line ending in '\' (a comment line does not start a directive).
    bool is_comment = !continuing && !trim(body).empty() && trim(body).front() == '#';
    continuing = !is_comment && !body.empty() && body.back() == '\\';
    d.logical += std::string(continuing ? body.substr(0, body.size() - 1) : body) + " ";
    start = end;
  }
  return out;
}

// Whether the directive is `options MODULE ...` (any spelling of the module).
bool is_options_for(const Directive& d, std::string_view module) {
  std::vector<std::string_view> w = split_ws(d.logical);
  return w.size() >= 2 && w[0] == "options" && normalize_module_name(w[1]) == module;
}

std::string option_word(std::string_view param, std::string_view value) {
  if (value.empty()) return std::string(param);
  bool blank = value.find_first_of(" \t") != std::string_view::npos;
  return std::string(param) + "=" + (blank ? "\"" + std::string(value) + "\"" : std::string(value));
}

}  // namespace

std::string set_modprobe_option(std::string_view text, std::string_view module,
                                std::string_view param, std::string_view value) {
  std::string wanted = normalize_module_name(module);
  std::vector<std::pair<std::string, std::string>> params;  // in order, one per name
  std::string out;
  bool placed = false;
  std::string_view eol = text.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
  if (trim(text).empty()) out = kOwnedHeader;
  std::vector<Directive> directives = split_directives(text);
  // First pass: the module's parameters, from every one of its directives in order.
  for (const Directive& d : directives) {
    if (!is_options_for(d, wanted)) continue;
    for (const ModprobeOption& o : parse_modprobe_conf(d.logical).options) {
      auto same = [&](const auto& p) {
        return normalize_module_name(p.first) == normalize_module_name(o.param);
      };
      auto it = std::find_if(params.begin(), params.end(), same);
      if (it == params.end())
        params.emplace_back(o.param, o.value);
      else
        it->second = o.value;  // a later assignment wins, as the kernel sees it
    }
  }
  auto it = std::find_if(params.begin(), params.end(), [&](const auto& p) {
    return normalize_module_name(p.first) == normalize_module_name(param);
  });
  if (it == params.end())
    params.emplace_back(std::string(param), std::string(value));
  else
    it->second = std::string(value);
  std::string line = "options " + std::string(module);
  for (const auto& [p, v] : params) line += " " + option_word(p, v);
  line += eol;
  // Second pass: the merged line replaces the first directive, the others go.
  for (const Directive& d : directives) {
    if (!is_options_for(d, wanted)) {
      out += d.raw;
      continue;
    }
    if (!placed) out += line;
    placed = true;
  }
  if (!placed) {
    if (!out.empty() && out.back() != '\n') out += eol;
    out += line;
  }
  return out;
}

}  // namespace vtune
