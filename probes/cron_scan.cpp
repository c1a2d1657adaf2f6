#include "probes/cron_scan.h"

#include "engine/core/text.h"

namespace vtune {
namespace {

bool is_comment(std::string_view body) {
  return body.empty() || body.front() == '#' || body.front() == ';';
}

// `name=value` at the start of a crontab line (an environment setting, not a job).
bool is_env_line(std::string_view body) {
  size_t eq = body.find('=');
  if (eq == std::string_view::npos || eq == 0) return false;
  std::string_view name = trim(body.substr(0, eq));
  return name.find_first_of(" \t") == std::string_view::npos;
}

// The rest of `s` after `n` whitespace-separated fields.
std::optional<std::string_view> after_fields(std::string_view s, int n) {
  for (int i = 0; i < n; ++i) {
    s = trim(s);
    size_t ws = s.find_first_of(" \t");
    if (ws == std::string_view::npos) return std::nullopt;
    s = s.substr(ws);
  }
  s = trim(s);
  if (s.empty()) return std::nullopt;
  return s;
}

std::string_view basename_of(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_interpreter(std::string_view word) {
  std::string_view b = basename_of(word);
  for (std::string_view i :
       {"sh", "bash", "dash", "zsh", "ksh", "perl", "env", "nice", "ionice", "flock", "timeout"})
    if (b == i) return true;
  return starts_with(b, "python");
}

}  // namespace

std::vector<int> drop_caches_lines(std::string_view text) {
  std::vector<int> found;
  int number = 0;
  for (std::string_view line : lines(text)) {
    ++number;
    std::string_view body = trim(line);
    if (body.empty() || body.front() == '#') continue;
    bool writes_file = body.find("/proc/sys/vm/drop_caches") != std::string_view::npos;
    bool via_sysctl = body.find("vm.drop_caches") != std::string_view::npos &&
                      body.find("sysctl") != std::string_view::npos;
    if (writes_file || via_sysctl) found.push_back(number);
  }
  return found;
}

std::vector<ScheduledCommand> crontab_commands(std::string_view text, bool system) {
  std::vector<ScheduledCommand> out;
  int number = 0;
  for (std::string_view line : lines(text)) {
    ++number;
    std::string_view body = trim(line);
    if (is_comment(body) || is_env_line(body)) continue;
    int fields = (body.front() == '@' ? 1 : 5) + (system ? 1 : 0);
    if (std::optional<std::string_view> cmd = after_fields(body, fields))
      out.push_back({number, std::string(*cmd)});
  }
  return out;
}

std::vector<ScheduledCommand> service_commands(std::string_view text) {
  std::vector<ScheduledCommand> out;
  int number = 0;
  for (std::string_view line : lines(text)) {
    ++number;
    std::string_view body = trim(line);
    for (std::string_view key : {"ExecStartPre", "ExecStartPost", "ExecStart"}) {
      if (!starts_with(body, key)) continue;
      std::string_view rest = trim(body.substr(key.size()));
      if (rest.empty() || rest.front() != '=') continue;
      rest = trim(rest.substr(1));
      if (!rest.empty()) out.push_back({number, std::string(rest)});
      break;
    }
  }
  return out;
}

std::optional<std::string> timer_unit(std::string_view text) {
  bool in_timer = false;
  std::optional<std::string> unit;
  for (std::string_view line : lines(text)) {
    std::string_view body = trim(line);
    if (is_comment(body)) continue;
    if (body.front() == '[') {
      in_timer = body == "[Timer]";
      continue;
    }
    if (!in_timer || !starts_with(body, "Unit")) continue;
    std::string_view rest = trim(body.substr(4));
    if (rest.empty() || rest.front() != '=') continue;
    rest = trim(rest.substr(1));
    if (!rest.empty()) unit = std::string(rest);
  }
  return unit;
}

std::optional<std::string> command_script(std::string_view command) {
  std::vector<std::string_view> words = split_ws(command);
  bool first = true;
  for (std::string_view w : words) {
    if (first) {
      size_t skip = w.find_first_not_of("-@+!:");
      if (skip == std::string_view::npos) continue;
      w = w.substr(skip);
      first = false;
      if (w.empty() || w.front() != '/') return std::nullopt;
      if (!is_interpreter(w)) return std::string(w);
      continue;
    }
    if (!w.empty() && w.front() == '/') return std::string(w);
    if (!w.empty() && w.front() != '-' && !is_interpreter(w)) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace vtune
