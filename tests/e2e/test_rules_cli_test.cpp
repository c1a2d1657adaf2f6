// vtune test-rules through the real binary: the shipped case files pass, a failing case
// names file:line:col, rule, case and field, and a broken file exits 3.
#include <doctest/doctest.h>

#include <fstream>

#include "tests/e2e/cli_runner.h"

using vtune::test::make_temp_dir;
using vtune::test::run_vtune;

namespace {

const std::string kRules = std::string(VTUNE_SOURCE_DIR) + "/rules";

}  // namespace

TEST_CASE("vtune test-rules: every shipped case file passes") {
  auto r = run_vtune({"test-rules", "--rules", kRules}, "NO_COLOR=1");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find(" failed, 0 errors") != std::string::npos);
  CHECK(r.err.find(" 0 failed") != std::string::npos);
}

TEST_CASE("vtune test-rules: a wrong expectation fails with its position and the field") {
  std::string dir = make_temp_dir();
  std::string file = dir + "/mem.m1-numa-balancing-off.json";
  std::ofstream(file)
      << "{\n  \"rule\": \"mem.m1-numa-balancing-off\",\n  \"cases\": [\n"
         "    {\"name\": \"wrong\", \"facts\": {\"sysctl\": "
         "{\"kernel.numa_balancing\": \"1\"}},\n"
         "     \"expect\": [{\"state\": \"change\", \"desired\": \"2\"}]}\n  ]\n}\n";
  auto r = run_vtune({"test-rules", "--rules", kRules, file}, "NO_COLOR=1");
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(file + ":4:14: error[VT0405]: rule 'mem.m1-numa-balancing-off', case "
                          "'wrong'") != std::string::npos);
  CHECK(r.err.find("desired: expected '2', got '0'") != std::string::npos);
  CHECK(r.err.find("1 case file: 0 passed, 1 failed") != std::string::npos);
}

TEST_CASE("vtune test-rules: invalid JSON exits 3 at its line and column") {
  std::string dir = make_temp_dir();
  std::string file = dir + "/x.json";
  std::ofstream(file) << "{\n  \"rule\": \"x\",\n  \"cases\": [}\n";
  auto r = run_vtune({"test-rules", "--rules", kRules, file}, "NO_COLOR=1");
  CHECK(r.exit_code == 3);
  CHECK(r.err.find(file + ":3:13: error[VT0401]: invalid JSON") != std::string::npos);
}
