#include <doctest/doctest.h>

#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/cron_scan.h"
#include "probes/probes.h"

using namespace vtune;

TEST_CASE("drop_caches_lines finds echo, tee and sysctl forms, not comments") {
  std::string_view text =
      "# echo 3 > /proc/sys/vm/drop_caches\n"
      "0 * * * * root echo 3 > /proc/sys/vm/drop_caches\n"
      "\n"
      "5 * * * * root echo 1 | tee /proc/sys/vm/drop_caches\n"
      "6 * * * * root sysctl -w vm.drop_caches=3\n"
      "7 * * * * root echo vm.swappiness\n";
  CHECK(drop_caches_lines(text) == std::vector<int>{2, 4, 5});
  CHECK(drop_caches_lines("").empty());
}

TEST_CASE("cron probe on fixture hosts") {
  auto run = [](const std::string& host) {
    HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + host);
    Warnings warnings;
    ProbeOptions options;
    ProbeContext ctx(backend.host(), options, warnings);
    Facts facts = Json::object();
    kCronProbe.collect(ctx, facts);
    CHECK(warnings.empty());
    return facts["cron"]["drop_caches"];
  };
  CHECK(run("kvm-host") == Json::array({"/etc/cron.d/free-memory:4"}));
  CHECK(run("baremetal-2s").empty());
}

TEST_CASE("crontab_commands: system and user formats, @reboot, env lines") {
  std::string_view system =
      "SHELL=/bin/sh\n# c\n17 * * * * root /usr/local/bin/a.sh --x\n@daily root /b\n";
  std::vector<ScheduledCommand> s = crontab_commands(system, true);
  REQUIRE(s.size() == 2);
  CHECK(s[0].line == 3);
  CHECK(s[0].command == "/usr/local/bin/a.sh --x");
  CHECK(s[1].command == "/b");
  std::vector<ScheduledCommand> u = crontab_commands("*/5 * * * * /home/x/run.sh\n", false);
  REQUIRE(u.size() == 1);
  CHECK(u[0].command == "/home/x/run.sh");
}

TEST_CASE("command_script: the script a command runs") {
  CHECK(command_script("/usr/local/bin/dropcache.sh") == "/usr/local/bin/dropcache.sh");
  CHECK(command_script("-/usr/local/sbin/x --flag") == "/usr/local/sbin/x");
  CHECK(command_script("/bin/sh /opt/job.sh") == "/opt/job.sh");
  CHECK(command_script("/bin/bash -c \"echo 3 > /proc/sys/vm/drop_caches\"") == std::nullopt);
  CHECK(command_script("cd / && run-parts /etc/cron.daily") == std::nullopt);
}

TEST_CASE("timer_unit and service_commands") {
  CHECK(timer_unit("[Unit]\nUnit=no\n[Timer]\nOnCalendar=daily\nUnit=flush.service\n") ==
        "flush.service");
  CHECK(!timer_unit("[Timer]\nOnCalendar=hourly\n"));
  std::vector<ScheduledCommand> c = service_commands(
      "[Service]\nType=oneshot\nExecStartPre=/bin/sync\nExecStart=/usr/local/bin/x\n");
  REQUIRE(c.size() == 2);
  CHECK(c[1].line == 4);
  CHECK(c[1].command == "/usr/local/bin/x");
}

TEST_CASE("cron probe: RHEL and Debian spools, timers and the scripts jobs run") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/var/spool/cron/root", "0 3 * * * sync; echo 3 > /proc/sys/vm/drop_caches\n");
  fs->add_file("/var/spool/cron/crontabs/ops", "# m h\n0 * * * * /usr/local/bin/flush.sh\n");
  fs->add_file("/usr/local/bin/flush.sh", "#!/bin/sh\nsync\necho 1 > /proc/sys/vm/drop_caches\n");
  fs->add_file("/etc/systemd/system/dropcache.timer", "[Timer]\nOnCalendar=daily\n");
  fs->add_file("/lib/systemd/system/dropcache.service",
               "[Service]\nExecStart=/sbin/sysctl -w vm.drop_caches=3\n");
  fs->add_file("/usr/lib/systemd/system/other.timer", "[Timer]\nUnit=cleanup.service\n");
  fs->add_file("/etc/systemd/system/cleanup.service", "[Service]\nExecStart=/opt/cleanup\n");
  fs->add_file("/opt/cleanup", "#!/bin/bash\n# drop caches\n\nsysctl vm.drop_caches=3\n");
  std::string elf =
      "\x7f"
      "ELF";
  elf += std::string(2, '\0') + "echo 3 > /proc/sys/vm/drop_caches\n";
  fs->add_file("/usr/bin/not-a-script", elf);
  fs->add_file("/etc/cron.d/binary", "0 0 * * * root /usr/bin/not-a-script\n");
  HostBackend backend("/mem", std::move(fs));
  Warnings warnings;
  ProbeOptions options;
  ProbeContext ctx(backend.host(), options, warnings);
  Facts facts = Json::object();
  kCronProbe.collect(ctx, facts);
  CHECK(facts["cron"]["drop_caches"] ==
        Json::array({"/usr/local/bin/flush.sh:3 (run by /var/spool/cron/crontabs/ops:2)",
                     "/var/spool/cron/root:1",
                     "/lib/systemd/system/dropcache.service:2 (started by dropcache.timer)",
                     "/opt/cleanup:4 (run by /etc/systemd/system/cleanup.service:2, started by "
                     "other.timer)"}));
}
