// The cron probe: scheduled jobs that matter to tuning. Today that is the periodic
// drop_caches anti-practice; the places are the system crontab, cron.d, the periodic script
// directories and the per-user spool.
#include "probes/cron_scan.h"
#include "probes/probes.h"

namespace vtune {
namespace {

constexpr FactField kCronSchema[] = {
    {"cron", "map", "Scheduled jobs relevant to tuning", ""},
    {"cron.drop_caches", "list<string>",
     "Jobs that write to /proc/sys/vm/drop_caches, as \"path:line\"",
     "/etc/crontab, /etc/cron.d/*, /etc/cron.{hourly,daily,weekly,monthly}/*, "
     "/var/spool/cron/crontabs/*"},
};

constexpr std::string_view kCronDirs[] = {
    "/etc/cron.d",      "/etc/cron.hourly",  "/etc/cron.daily",
    "/etc/cron.weekly", "/etc/cron.monthly", "/var/spool/cron/crontabs",
};

void scan(const ProbeContext& ctx, const std::string& path, Facts& hits) {
  std::optional<std::string> text = ctx.read_optional(path);
  if (!text) return;
  for (int line : drop_caches_lines(*text)) hits.push_back(path + ":" + std::to_string(line));
}

void collect_cron(const ProbeContext& ctx, Facts& facts) {
  Facts hits = Facts::array();
  scan(ctx, "/etc/crontab", hits);
  for (std::string_view dir : kCronDirs) {
    Result<std::vector<DirEntry>> entries = ctx.host.fs.list_dir(dir);
    if (!entries) continue;
    for (const DirEntry& e : *entries)
      if (e.kind == EntryKind::File && e.name.front() != '.')
        scan(ctx, std::string(dir) + "/" + e.name, hits);
  }
  facts["cron"] = {{"drop_caches", std::move(hits)}};
}

}  // namespace

const Probe kCronProbe{"cron", "Scheduled jobs that affect tuning (drop_caches)", kCronSchema,
                       collect_cron};

}  // namespace vtune
