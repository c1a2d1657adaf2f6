#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/e2e/cli_runner.h"

using vtune::test::make_temp_dir;
using vtune::test::run_vtune;
using Json = nlohmann::json;

TEST_CASE("vtune bench sys.syscall --format json: shape and positive numbers") {
  auto r =
      run_vtune({"bench", "sys.syscall", "--reps", "2", "--duration", "0.2", "--format", "json"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());  // silent in JSON mode
  Json doc = Json::parse(r.out);
  CHECK(doc["schema_version"] == 1);
  for (const char* k :
       {"cpu_model", "cpu_cores", "memory_total", "kernel_release", "hypervisor", "container"})
    CHECK(doc["machine"].contains(k));
  CHECK(doc["machine"]["kernel_release"].is_string());
  REQUIRE(doc["results"].size() == 1);
  const Json& res = doc["results"][0];
  CHECK(res["name"] == "sys.syscall");
  CHECK(res["unit"] == "ns/call");
  CHECK(res["direction"] == "lower");
  CHECK(res["params"].is_object());
  CHECK(res["reps"] == 2);
  REQUIRE(res["samples"].size() == 2);
  for (const Json& s : res["samples"]) CHECK(s.get<double>() > 0);
  for (const char* k : {"median", "min", "max"}) CHECK(res[k].get<double>() > 0);
  CHECK(res["min"].get<double>() <= res["median"].get<double>());
  CHECK(res["median"].get<double>() <= res["max"].get<double>());
  REQUIRE(res["ci95"].size() == 2);
  CHECK(res["ci95"][0].get<double>() <= res["ci95"][1].get<double>());
  CHECK(res["cv"].get<double>() >= 0);
  // Two 0.2 s repetitions and a 0.2 s warm-up: at least 0.6 s, set-up included.
  CHECK(res["elapsed_s"].get<double>() >= 0.6);
  CHECK(res["setup_s"].get<double>() <= res["elapsed_s"].get<double>());
  CHECK(doc["elapsed_s"].get<double>() >= res["elapsed_s"].get<double>());
}

TEST_CASE("vtune bench: an unknown name is an error naming it; --list lists the table") {
  auto r = run_vtune({"bench", "sys.nope"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("sys.nope") != std::string::npos);
  auto l = run_vtune({"bench", "--list"});
  CHECK(l.exit_code == 0);
  for (const char* n : {"cpu.int", "mem.triad", "net.accept_burst", "storage.randread4k"})
    CHECK(l.out.find(n) != std::string::npos);
}

TEST_CASE("vtune bench --param: recorded in the JSON; an unknown name or bad value exits 1") {
  auto r = run_vtune({"bench", "sys.ctxswitch", "--param", "placement=different", "--param",
                      "sys.ctxswitch.placement=same", "--reps", "1", "--duration", "0.05",
                      "--format", "json"});
  REQUIRE(r.exit_code == 0);
  Json doc = Json::parse(r.out);
  CHECK(doc["results"][0]["params"]["placement"] == "same");
  auto bad = run_vtune({"bench", "sys.ctxswitch", "--param", "placement=far"});
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("placement=far") != std::string::npos);
  CHECK(bad.err.find("same|different") != std::string::npos);
  auto unknown = run_vtune({"bench", "sys.ctxswitch", "--param", "iodepth=4"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err.find("placement") != std::string::npos);  // the valid names
}

TEST_CASE("vtune bench --compare: one column per file, as % of the first") {
  std::string dir = make_temp_dir();
  auto doc = [](double rr, double sys) {
    return Json{{"schema_version", 1},
                {"machine", Json::object()},
                {"results",
                 {{{"name", "net.tcp_rr"}, {"unit", "trans/s"}, {"median", rr}},
                  {{"name", "sys.syscall"}, {"unit", "ns/call"}, {"median", sys}}}}};
  };
  std::ofstream(dir + "/a.json") << doc(40000, 100).dump();
  std::ofstream(dir + "/b.json") << doc(30000, 150).dump();
  auto r = run_vtune({"bench", "--compare", dir + "/a.json", dir + "/b.json"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("a.json") != std::string::npos);
  CHECK(r.out.find("b.json") != std::string::npos);
  CHECK(r.out.find("40000 trans/s") != std::string::npos);
  CHECK(r.out.find("75.0%") != std::string::npos);   // 30000 / 40000
  CHECK(r.out.find("150.0%") != std::string::npos);  // 150 / 100
  std::ofstream(dir + "/bad.json") << "{\"x\": 1}";
  CHECK(run_vtune({"bench", "--compare", dir + "/bad.json"}).exit_code == 3);
}
