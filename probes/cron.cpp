// The cron probe: scheduled jobs that matter to tuning. Today that is the periodic
// drop_caches anti-practice, wherever a job can be scheduled: the system crontab, cron.d,
// the periodic script directories, the per-user spools of Debian and RHEL, and systemd
// timers (through the service each one starts), plus the script a job runs by absolute path
// (one level deep).
#include <set>

#include "probes/cron_scan.h"
#include "probes/probes.h"

namespace vtune {
namespace {

constexpr FactField kCronSchema[] = {
    {"cron", "map", "Scheduled jobs relevant to tuning", ""},
    {"cron.drop_caches", "list<string>",
     "Jobs that write to /proc/sys/vm/drop_caches, as \"path:line\"; a hit in a script that a "
     "job runs, or in the service a timer starts, adds \" (run by path:line)\" or \" (started "
     "by NAME.timer)\"",
     "/etc/crontab, /etc/cron.d/*, /etc/cron.{hourly,daily,weekly,monthly}/*, "
     "/var/spool/cron/crontabs/*, /var/spool/cron/*, *.timer and their services in "
     "/etc/systemd/system, /run/systemd/system, /usr/lib/systemd/system, /lib/systemd/system, "
     "and the scripts their commands name"},
};

// Crontabs with a user field.
constexpr std::string_view kSystemCrontabDirs[] = {"/etc/cron.d"};
// Per-user crontabs: Debian's spool, and RHEL's (where the files sit in the spool itself).
constexpr std::string_view kUserCrontabDirs[] = {"/var/spool/cron/crontabs", "/var/spool/cron"};
// Scripts run-parts runs.
constexpr std::string_view kScriptDirs[] = {"/etc/cron.hourly", "/etc/cron.daily",
                                            "/etc/cron.weekly", "/etc/cron.monthly"};
// Unit directories, highest precedence first.
constexpr std::string_view kUnitDirs[] = {"/etc/systemd/system", "/run/systemd/system",
                                          "/usr/lib/systemd/system", "/lib/systemd/system"};

class CronScanner {
 public:
  explicit CronScanner(const ProbeContext& ctx) : ctx_(ctx) {}

  // Direct hits in `path`, then the scripts its commands run.
  void crontab(const std::string& path, bool system) {
    std::optional<std::string> text = file(path);
    if (!text) return;
    hits(path, *text, "");
    for (const ScheduledCommand& c : crontab_commands(*text, system))
      script(c.command, " (run by " + path + ":" + std::to_string(c.line) + ")");
  }

  void plain(const std::string& path) {
    if (std::optional<std::string> text = file(path)) hits(path, *text, "");
  }

  void service(const std::string& path, const std::string& timer) {
    std::optional<std::string> text = file(path);
    if (!text) return;
    std::string note = " (started by " + timer + ")";
    hits(path, *text, note);
    for (const ScheduledCommand& c : service_commands(*text))
      script(c.command,
             " (run by " + path + ":" + std::to_string(c.line) + ", started by " + timer + ")");
  }

  Facts take() { return std::move(found_); }

 private:
  // A text file: binaries named by a command are not scanned.
  std::optional<std::string> file(const std::string& path) {
    std::optional<std::string> text = ctx_.read_optional(path);
    if (text && text->substr(0, 4096).find('\0') != std::string::npos) return std::nullopt;
    return text;
  }

  void hits(const std::string& path, const std::string& text, const std::string& note) {
    for (int line : drop_caches_lines(text))
      found_.push_back(path + ":" + std::to_string(line) + note);
  }

  void script(const std::string& command, const std::string& note) {
    std::optional<std::string> path = command_script(command);
    if (!path || scanned_.count(*path)) return;
    scanned_.insert(*path);
    if (!ctx_.host.fs.exists(*path)) return;
    if (std::optional<std::string> text = file(*path)) hits(*path, *text, note);
  }

  const ProbeContext& ctx_;
  Facts found_ = Facts::array();
  std::set<std::string> scanned_;
};

std::vector<std::string> regular_files(const ProbeContext& ctx, std::string_view dir) {
  std::vector<std::string> out;
  Result<std::vector<DirEntry>> entries = ctx.host.fs.list_dir(dir);
  if (!entries) return out;
  for (const DirEntry& e : *entries)
    if (e.kind == EntryKind::File && e.name.front() != '.')
      out.push_back(std::string(dir) + "/" + e.name);
  return out;
}

std::optional<std::string> find_unit(const ProbeContext& ctx, const std::string& name) {
  for (std::string_view dir : kUnitDirs) {
    std::string path = std::string(dir) + "/" + name;
    if (ctx.host.fs.exists(path)) return path;
  }
  return std::nullopt;
}

void scan_timers(const ProbeContext& ctx, CronScanner& scanner) {
  std::set<std::string> seen;  // a timer in a higher directory hides the same name below
  for (std::string_view dir : kUnitDirs) {
    Result<std::vector<DirEntry>> entries = ctx.host.fs.list_dir(dir);
    if (!entries) continue;
    for (const DirEntry& e : *entries) {
      const std::string& name = e.name;
      if (name.size() <= 6 || name.substr(name.size() - 6) != ".timer" || seen.count(name))
        continue;
      seen.insert(name);
      std::string path = std::string(dir) + "/" + name;
      std::optional<std::string> text = ctx.read_optional(path);
      if (!text) continue;
      std::string unit = timer_unit(*text).value_or(name.substr(0, name.size() - 6) + ".service");
      if (std::optional<std::string> service = find_unit(ctx, unit))
        scanner.service(*service, name);
    }
  }
}

void collect_cron(const ProbeContext& ctx, Facts& facts) {
  CronScanner scanner(ctx);
  scanner.crontab("/etc/crontab", true);
  for (std::string_view dir : kSystemCrontabDirs)
    for (const std::string& path : regular_files(ctx, dir)) scanner.crontab(path, true);
  for (std::string_view dir : kUserCrontabDirs)
    for (const std::string& path : regular_files(ctx, dir)) scanner.crontab(path, false);
  for (std::string_view dir : kScriptDirs)
    for (const std::string& path : regular_files(ctx, dir)) scanner.plain(path);
  scan_timers(ctx, scanner);
  facts["cron"] = {{"drop_caches", scanner.take()}};
}

}  // namespace

const Probe kCronProbe{"cron", "Scheduled jobs that affect tuning (drop_caches)", kCronSchema,
                       collect_cron};

}  // namespace vtune
