// Read-only on the live host: `vtune snapshot` then `vtune facts --root` gives the facts the
// live run gave, apart from values that change by themselves.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/e2e/cli_runner.h"

using vtune::test::run_vtune;
using Json = nlohmann::json;

namespace {

// Values the kernel changes between two runs on an idle host.
void drop_volatile(Json& facts) {
  for (const char* p :
       {"/memory/hugepages/free", "/memory/ksm/pages_shared", "/irqbalance/pid", "/docker/running"})
    if (facts.contains(Json::json_pointer(p))) facts[Json::json_pointer(p)] = nullptr;
}

}  // namespace

TEST_CASE("live snapshot round trip" * doctest::test_suite("live")) {
  std::string dir = vtune::test::make_temp_dir() + "/snap";
  auto s = run_vtune({"snapshot", "--out", dir});
  REQUIRE_MESSAGE(s.exit_code == 0, s.err);
  CHECK(std::filesystem::exists(dir + "/.vtune/cpuid.json"));
  CHECK(std::filesystem::exists(dir + "/.vtune/meta.json"));
  CHECK(std::filesystem::exists(dir + "/proc/sys/net/core/somaxconn"));
  auto live = run_vtune({"facts", "--format", "json"});
  auto snap = run_vtune({"--root", dir, "facts", "--format", "json"});
  REQUIRE(live.exit_code == 0);
  REQUIRE(snap.exit_code == 0);
  Json a = Json::parse(live.out)["facts"], b = Json::parse(snap.out)["facts"];
  drop_volatile(a);
  drop_volatile(b);
  CHECK_MESSAGE(a == b, Json::diff(a, b).dump(1));
  std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
}
