#pragma once
// Runs the vtune binary with arguments and captures stdout, stderr and the exit code.
#include <string>
#include <vector>

namespace vtune::test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

CliResult run_vtune(const std::vector<std::string>& args, const std::string& env = {});
std::string fixture_host(const std::string& name);
std::string make_temp_dir();

}  // namespace vtune::test
