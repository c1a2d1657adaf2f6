// Golden plans: every stock profile on every fixture host, rendered as text and JSON and
// compared with tests/fixtures/golden/<host>.<profile>.{txt,json}. What varies between runs
// and machines is blanked first: generated_at, hostname and root (the fixture's absolute path).
//
// After an intended change to rules, profiles, fixtures or the renderers, regenerate with
//   VTUNE_UPDATE_GOLDEN=1 build-<name>/tests/vtune_unit_tests -tc='plan golden*'
// and review the diff like any other change.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/core/host_fs.h"
#include "engine/facts/host_backend.h"
#include "engine/lang/library.h"
#include "engine/plan/planner.h"
#include "engine/profile/profile_loader.h"
#include "engine/report/plan_json.h"
#include "engine/report/plan_text.h"

namespace vtune {
namespace {

const char* const kGoldenHosts[] = {"vmware-guest", "kvm-guest",      "baremetal-2s",
                                    "kvm-host",     "container-host", "this-machine"};
const char* const kStockProfiles[] = {
    "base",        "big-data",           "container-host", "high-concurrency-web",
    "low-latency", "network-throughput", "virtual-guest",  "virtualization-host"};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void compare_or_update(const std::string& path, const std::string& actual) {
  if (const char* u = std::getenv("VTUNE_UPDATE_GOLDEN"); u && std::string(u) == "1") {
    std::ofstream(path) << actual;
    return;
  }
  std::string expected = slurp(path);
  INFO("golden file ", path, " (VTUNE_UPDATE_GOLDEN=1 rewrites it)");
  CHECK(expected == actual);
}

TEST_CASE("plan golden: every stock profile on every fixture host") {
  const std::string rules = std::string(VTUNE_SOURCE_DIR) + "/rules";
  Result<lang::RuleLibrary> lib = lang::load_library(std::span<const std::string>(&rules, 1));
  REQUIRE(lib.ok());
  REQUIRE(lib->checked);
  std::unique_ptr<HostFs> fs = make_disk_host_fs("/");
  ProfileLoader loader(*fs, {std::string(VTUNE_SOURCE_DIR) + "/profiles"});
  const std::string golden = std::string(VTUNE_FIXTURES_DIR) + "/golden/";
  for (const char* host : kGoldenHosts) {
    HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + host);
    for (const char* name : kStockProfiles) {
      CAPTURE(host);
      CAPTURE(name);
      Diagnostics d;
      std::optional<Profile> profile = loader.load(name, d);
      REQUIRE(profile);
      Warnings warnings;
      // A fixed "today", so waivers expire the same way on every run.
      Plan plan = build_plan({*lib, *profile, Date{2027, 1, 1}}, backend.host(), {}, "", warnings);
      plan.root = host;  // the fixture's absolute path differs between checkouts
      plan.hostname.clear();
      Json json = plan_to_json(plan);
      json.erase("generated_at");
      json.erase("hostname");
      const std::string base = golden + host + "." + name;
      compare_or_update(base + ".json", json.dump(2) + "\n");
      compare_or_update(base + ".txt", render_plan_text(plan));
    }
  }
}

}  // namespace
}  // namespace vtune
