#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/e2e/cli_runner.h"

using vtune::test::fixture_host;
using vtune::test::run_vtune;
using Json = nlohmann::json;

TEST_CASE("vtune --version and --help") {
  auto v = run_vtune({"--version"});
  CHECK(v.exit_code == 0);
  CHECK(v.out.find("vtune 0.") == 0);
  auto h = run_vtune({"--help"});
  CHECK(h.exit_code == 0);
  CHECK(h.out.find("facts") != std::string::npos);
  CHECK(h.out.find("snapshot") != std::string::npos);
  CHECK(h.out.find("Exit codes") != std::string::npos);
  for (const char* cmd : {"facts", "snapshot"}) {
    CAPTURE(cmd);
    auto c = run_vtune({cmd, "--help"});
    CHECK(c.exit_code == 0);
    CHECK(c.out.find("--format") + c.out.find("--out") != 2 * std::string::npos);
  }
}

TEST_CASE("vtune facts --format json on a fixture root") {
  auto r = run_vtune({"--root", fixture_host("baremetal-2s"), "facts", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  Json doc = Json::parse(r.out);
  CHECK(doc["schema_version"] == 1);
  CHECK(doc["facts"]["cpu"]["threads"] == 96);
  CHECK(doc["facts"]["virt"]["hypervisor"] == "none");
  CHECK(doc["facts"]["nics"].size() == 2);
  CHECK(doc["facts"]["disks"].size() == 4);  // md0, two NVMe namespaces, sda
  CHECK(doc["warnings"].is_array());
}

TEST_CASE("vtune facts text is a summary, not a dump") {
  auto r = run_vtune({"--root", fixture_host("vmware-guest"), "facts"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("vmware guest") != std::string::npos);
  CHECK(r.out.find("ens224  e1000") != std::string::npos);
  CHECK(r.out.find("sda  sd on vmw_pvscsi") != std::string::npos);
  CHECK(r.out.find('{') == std::string::npos);
}

TEST_CASE("vtune facts with .vmx files under --root") {
  auto r = run_vtune({"--root", fixture_host("vmware-guest"), "facts", "--format", "json", "--vmx",
                      "/vmfs/volumes/datastore1/web01/web01.vmx"});
  REQUIRE(r.exit_code == 0);
  Json vmx = Json::parse(r.out)["facts"]["vmx"];
  REQUIRE(vmx.size() == 1);
  CHECK(vmx[0]["numvcpus"] == 4);
}

TEST_CASE("a missing --root is a usage error that says what is wrong") {
  auto r = run_vtune({"--root", "/nonexistent/vtune-root", "facts"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("/nonexistent/vtune-root") != std::string::npos);
}

TEST_CASE("vtune facts --schema matches docs/facts.md") {
  auto r = run_vtune({"facts", "--schema"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("| `cpu.hw_virt` |") != std::string::npos);
  auto j = run_vtune({"facts", "--schema", "--format", "json"});
  CHECK(Json::parse(j.out)["fields"].size() > 100);
}

TEST_CASE("vtune snapshot refuses a non-empty directory") {
  std::string dir = vtune::test::make_temp_dir();
  std::filesystem::create_directories(dir + "/something");
  auto r = run_vtune({"--root", fixture_host("kvm-guest"), "snapshot", "--out", dir});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("not empty") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a snapshot of a fixture root gives the same facts") {
  for (const char* host :
       {"vmware-guest", "kvm-guest", "baremetal-2s", "kvm-host", "container-host"}) {
    CAPTURE(host);
    std::string dir = vtune::test::make_temp_dir() + "/snap";
    auto s = run_vtune({"--root", fixture_host(host), "snapshot", "--out", dir});
    REQUIRE(s.exit_code == 0);
    auto a = run_vtune({"--root", fixture_host(host), "facts", "--format", "json"});
    auto b = run_vtune({"--root", dir, "facts", "--format", "json"});
    REQUIRE(a.exit_code == 0);
    REQUIRE(b.exit_code == 0);
    Json fa = Json::parse(a.out)["facts"], fb = Json::parse(b.out)["facts"];
    CHECK_MESSAGE(fa == fb, Json::diff(fa, fb).dump(1));
    std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
  }
}
