#pragma once
// dockerd's command line, as the daemon.json keys it sets, and the systemd unit that starts
// it. dockerd refuses to start when one directive is given both as a flag and in
// daemon.json ("the following directives are specified both as a flag and in the
// configuration file"), so a rule that writes a daemon.json key must know the flags.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vtune {

// One flag of a dockerd command line, named by the daemon.json key it stands for
// ("-s" and "--storage-driver" are "storage-driver", "--log-opt" is "log-opts").
struct DockerdFlag {
  std::string key;
  std::string value;  // "" for a boolean flag given without "=value"
};

// `args[0]` is the program. Words that are not flags (and values of flags) are skipped.
std::vector<DockerdFlag> parse_dockerd_flags(const std::vector<std::string>& args);

// The value of the last flag for `key`, if any.
std::optional<std::string> dockerd_flag_value(const std::vector<DockerdFlag>& flags,
                                              std::string_view key);

// KEY=VALUE lines of a systemd EnvironmentFile (quotes removed, comments skipped).
std::map<std::string, std::string> parse_environment_file(std::string_view text);

// The ExecStart command in effect after reading `unit_texts` in order (the unit file, then
// its drop-ins): an empty `ExecStart=` resets, a later one replaces. Words are split the
// way systemd splits them (quotes, backslash line continuations); a word that is exactly
// `$VAR` expands to the words of VAR from `env`, `${VAR}` to one word. Prefix characters
// (`-`, `@`, `+`, `!`, `:`) are dropped. Empty when no ExecStart is set.
std::vector<std::string> unit_exec_start(const std::vector<std::string>& unit_texts,
                                         const std::map<std::string, std::string>& env);

// The EnvironmentFile= paths named by the unit texts, without a leading '-'.
std::vector<std::string> unit_environment_files(const std::vector<std::string>& unit_texts);

}  // namespace vtune
