#pragma once
// Finds scheduled jobs that drop the page cache (`echo 3 > /proc/sys/vm/drop_caches`), an
// anti-practice: it throws the cache away and hides memory pressure. Pure text functions;
// cron.cpp decides which files to read.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vtune {

// 1-based numbers of the lines in a crontab or script that write to drop_caches, ignoring
// comments. Matches `drop_caches` as written to by echo/tee/sysctl -w vm.drop_caches.
std::vector<int> drop_caches_lines(std::string_view text);

// A command a crontab line or a unit's Exec line runs, with its 1-based line.
struct ScheduledCommand {
  int line = 0;
  std::string command;
};

// The commands of a crontab. `system` crontabs (/etc/crontab, /etc/cron.d) have a user
// field after the schedule; per-user spool files do not. Comments, blank lines and
// VAR=value lines are skipped; "@daily cmd" and "m h dom mon dow cmd" both count.
std::vector<ScheduledCommand> crontab_commands(std::string_view text, bool system);

// ExecStart, ExecStartPre and ExecStartPost lines of a systemd service.
std::vector<ScheduledCommand> service_commands(std::string_view text);

// The unit a .timer starts: its [Timer] Unit=, else nullopt (then the service of the same
// name).
std::optional<std::string> timer_unit(std::string_view text);

// The script a command runs, when it names one by absolute path: the first word ("-" and
// other systemd prefixes removed), or, when that word is a shell or interpreter, the first
// absolute path after it. nullopt otherwise.
std::optional<std::string> command_script(std::string_view command);

}  // namespace vtune
