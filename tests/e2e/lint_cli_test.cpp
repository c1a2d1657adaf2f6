// vtune lint through the real binary: rules and profiles together, exit codes, JSON.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/e2e/cli_runner.h"

using vtune::test::make_temp_dir;
using vtune::test::run_vtune;
using Json = nlohmann::json;

namespace {

const std::string kBadProfiles = std::string(VTUNE_FIXTURES_DIR) + "/profiles/bad";

}  // namespace

TEST_CASE("vtune lint: the shipped rules and every stock profile are clean") {
  auto r = run_vtune({"lint"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.find(" rules in 7 files, 8 profiles: 0 errors, ") != std::string::npos);
  // Every shipped rule has its case file: no warning at all, VT0406 included.
  auto j = run_vtune({"lint", "--format", "json"});
  Json doc = Json::parse(j.out);
  CHECK(doc["errors"] == 0);
  for (const Json& d : doc["diagnostics"])
    FAIL_CHECK(d["file"].get<std::string>()
               << ":" << d["line"] << ": " << d["code"] << " " << d["message"].get<std::string>());
  CHECK(doc["diagnostics"].empty());
}

TEST_CASE("vtune lint: broken profiles exit 3 with file:line:col for each") {
  auto r = run_vtune({"lint", kBadProfiles});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("unknown-key.toml:4:1: error[VT0204]: unknown key 'tag' in [rules]") !=
        std::string::npos);
  CHECK(r.err.find("waiver.toml:8:11: error[VT0211]") != std::string::npos);
  CHECK(r.err.find("syntax.toml:4:10: error[VT0201]") != std::string::npos);
  CHECK(r.err.find("6 profiles: 8 errors") != std::string::npos);
}

TEST_CASE("vtune lint: a profile is checked against the rule library it names") {
  std::string dir = make_temp_dir();
  std::ofstream(dir + "/web.toml") << "[profile]\nname = \"web\"\nsummary = \"s\"\n"
                                      "[rules]\ntags = [\"web\"]\n[params]\nsomaxcon = 1024\n";
  auto r = run_vtune({"lint", "--format", "json", dir + "/web.toml"});
  CHECK(r.exit_code == 3);
  Json doc = Json::parse(r.out);
  CHECK(doc["errors"] == 1);
  REQUIRE(doc["diagnostics"].size() == 1);
  const Json& d = doc["diagnostics"][0];
  CHECK(d["code"] == "VT0207");
  CHECK(d["line"] == 7);
  CHECK(d["column"] == 1);
  CHECK(d["hint"].get<std::string>().find("somaxconn") != std::string::npos);
}

TEST_CASE("vtune lint: an empty profile file points at 1:1") {
  std::string dir = make_temp_dir();
  std::ofstream(dir + "/empty.toml") << "";
  auto r = run_vtune({"lint", "--format", "json", dir + "/empty.toml"});
  CHECK(r.exit_code == 3);
  Json doc = Json::parse(r.out);
  REQUIRE(!doc["diagnostics"].empty());
  for (const Json& d : doc["diagnostics"]) {
    CHECK(d["line"] == 1);
    CHECK(d["column"] == 1);
  }
}
