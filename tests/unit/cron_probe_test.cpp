#include <doctest/doctest.h>

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
    Facts facts = Facts::object();
    kCronProbe.collect(ctx, facts);
    CHECK(warnings.empty());
    return facts["cron"]["drop_caches"];
  };
  CHECK(run("kvm-host") == Facts::array({"/etc/cron.d/free-memory:4"}));
  CHECK(run("baremetal-2s").empty());
}
