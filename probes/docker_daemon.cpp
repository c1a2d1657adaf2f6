#include "probes/docker_daemon.h"

#include <algorithm>

#include "engine/core/text.h"

namespace vtune {
namespace {

// Flags whose daemon.json key is spelled differently (dockerd's config struct tags).
struct FlagKey {
  std::string_view flag, key;
};
constexpr FlagKey kFlagKeys[] = {
    {"log-opt", "log-opts"},
    {"storage-opt", "storage-opts"},
    {"graph", "data-root"},
    {"default-ulimit", "default-ulimits"},
    {"host", "hosts"},
    {"label", "labels"},
    {"registry-mirror", "registry-mirrors"},
    {"insecure-registry", "insecure-registries"},
    {"exec-opt", "exec-opts"},
    {"dns-opt", "dns-opts"},
    {"authorization-plugin", "authorization-plugins"},
    {"add-runtime", "runtimes"},
};

// pflag shorthands dockerd defines, and whether they take a value.
struct Shorthand {
  char letter;
  std::string_view flag;
  bool takes_value;
};
constexpr Shorthand kShorthands[] = {
    {'D', "debug", false},    {'G', "group", true},   {'H', "host", true},
    {'l', "log-level", true}, {'p', "pidfile", true}, {'s', "storage-driver", true},
    {'g', "graph", true},     {'b', "bridge", true},  {'v', "version", false},
    {'h', "help", false},
};

// Boolean flags: pflag takes their value only as "--flag=false", never from the next word.
constexpr std::string_view kBoolFlags[] = {
    "debug",
    "experimental",
    "live-restore",
    "userland-proxy",
    "iptables",
    "ip6tables",
    "ip-forward",
    "ip-masq",
    "icc",
    "selinux-enabled",
    "no-new-privileges",
    "init",
    "tls",
    "tlsverify",
    "raw-logs",
    "validate",
    "rootless",
    "ipv6",
    "version",
    "help",
    "ip-forward-no-drop",
};

std::string key_of(std::string_view flag) {
  for (const FlagKey& f : kFlagKeys)
    if (f.flag == flag) return std::string(f.key);
  return std::string(flag);
}

bool is_bool_flag(std::string_view flag) {
  return std::find(std::begin(kBoolFlags), std::end(kBoolFlags), flag) != std::end(kBoolFlags);
}

}  // namespace

std::vector<DockerdFlag> parse_dockerd_flags(const std::vector<std::string>& args) {
  std::vector<DockerdFlag> out;
  for (size_t i = 1; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "--") break;
    if (starts_with(a, "--") && a.size() > 2) {
      std::string_view body = a.substr(2);
      size_t eq = body.find('=');
      std::string_view name = body.substr(0, eq);
      std::string value;
      if (eq != std::string_view::npos)
        value = std::string(body.substr(eq + 1));
      else if (!is_bool_flag(name) && i + 1 < args.size())
        value = args[++i];
      out.push_back({key_of(name), std::move(value)});
      continue;
    }
    if (a.size() < 2 || a[0] != '-') continue;
    // A cluster of shorthands: "-D", "-s overlay2", "-soverlay2", "-s=overlay2", "-Ds x".
    for (size_t j = 1; j < a.size(); ++j) {
      const Shorthand* s = nullptr;
      for (const Shorthand& sh : kShorthands)
        if (sh.letter == a[j]) s = &sh;
      if (!s) break;
      if (!s->takes_value) {
        out.push_back({key_of(s->flag), ""});
        continue;
      }
      std::string value;
      if (j + 1 < a.size())
        value = std::string(a.substr(a[j + 1] == '=' ? j + 2 : j + 1));
      else if (i + 1 < args.size())
        value = args[++i];
      out.push_back({key_of(s->flag), std::move(value)});
      break;
    }
  }
  return out;
}

std::optional<std::string> dockerd_flag_value(const std::vector<DockerdFlag>& flags,
                                              std::string_view key) {
  for (auto it = flags.rbegin(); it != flags.rend(); ++it)
    if (it->key == key) return it->value;
  return std::nullopt;
}

namespace {

std::string unquote(std::string_view v) {
  v = trim(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    return std::string(v.substr(1, v.size() - 2));
  return std::string(v);
}

// Logical lines of a unit file: a trailing backslash joins the next line.
std::vector<std::string> unit_lines(std::string_view text) {
  std::vector<std::string> out;
  std::string pending;
  bool continued = false;
  for (std::string_view line : lines(text)) {
    std::string_view t = trim(line);
    if (!continued && (t.empty() || t.front() == '#' || t.front() == ';')) continue;
    bool more = !t.empty() && t.back() == '\\';
    if (more) t.remove_suffix(1);
    pending += continued ? " " + std::string(t) : std::string(t);
    continued = more;
    if (!continued) {
      out.push_back(std::move(pending));
      pending.clear();
    }
  }
  if (!pending.empty()) out.push_back(std::move(pending));
  return out;
}

// systemd's word splitting: whitespace separates, quotes group, backslash escapes.
std::vector<std::string> split_command(std::string_view s) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && i + 1 < s.size()) {
        word += s[++i];
      } else {
        word += c;
      }
      continue;
    }
    if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '\\' && i + 1 < s.size()) {
      word += s[++i];
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

bool is_var_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

std::optional<std::string_view> setting(std::string_view line, std::string_view name) {
  if (!starts_with(line, name)) return std::nullopt;
  std::string_view rest = trim(line.substr(name.size()));
  if (rest.empty() || rest.front() != '=') return std::nullopt;
  return trim(rest.substr(1));
}

}  // namespace

std::map<std::string, std::string> parse_environment_file(std::string_view text) {
  std::map<std::string, std::string> env;
  for (const std::string& line : unit_lines(text)) {
    std::string_view l = line;
    if (starts_with(l, "export ")) l = trim(l.substr(7));
    size_t eq = l.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = trim(l.substr(0, eq));
    if (!is_var_name(name)) continue;
    env[std::string(name)] = unquote(l.substr(eq + 1));
  }
  return env;
}

std::vector<std::string> unit_exec_start(const std::vector<std::string>& unit_texts,
                                         const std::map<std::string, std::string>& env) {
  std::string command;
  for (const std::string& text : unit_texts)
    for (const std::string& line : unit_lines(text))
      if (std::optional<std::string_view> v = setting(line, "ExecStart")) command = *v;
  std::vector<std::string> words;
  for (std::string& w : split_command(command)) {
    if (words.empty()) {
      size_t skip = w.find_first_not_of("-@+!:");
      w = skip == std::string::npos ? "" : w.substr(skip);
      if (w.empty()) continue;
    }
    std::string_view v = w;
    if (v.size() > 1 && v.front() == '$' && is_var_name(v.substr(1))) {
      auto it = env.find(std::string(v.substr(1)));
      if (it != env.end())
        for (std::string_view part : split_ws(it->second)) words.emplace_back(part);
      continue;
    }
    if (v.size() > 3 && starts_with(v, "${") && v.back() == '}' &&
        is_var_name(v.substr(2, v.size() - 3))) {
      auto it = env.find(std::string(v.substr(2, v.size() - 3)));
      if (it != env.end() && !it->second.empty()) words.push_back(it->second);
      continue;
    }
    words.push_back(std::move(w));
  }
  return words;
}

std::vector<std::string> unit_environment_files(const std::vector<std::string>& unit_texts) {
  std::vector<std::string> files;
  for (const std::string& text : unit_texts)
    for (const std::string& line : unit_lines(text))
      if (std::optional<std::string_view> v = setting(line, "EnvironmentFile")) {
        std::string_view p = *v;
        if (!p.empty() && p.front() == '-') p.remove_prefix(1);
        if (!p.empty()) files.push_back(unquote(p));
      }
  return files;
}

}  // namespace vtune
