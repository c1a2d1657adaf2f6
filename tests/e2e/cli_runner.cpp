#include "tests/e2e/cli_runner.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace vtune::test {
namespace {

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

CliResult run_vtune(const std::vector<std::string>& args, const std::string& env) {
  static const std::string dir = make_temp_dir();
  std::string cmd = env + (env.empty() ? "" : " ") + quote(VTUNE_BIN);
  for (const std::string& a : args) cmd += " " + quote(a);
  cmd += " >" + dir + "/out 2>" + dir + "/err </dev/null";
  int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(dir + "/out");
  r.err = slurp(dir + "/err");
  return r;
}

std::string fixture_host(const std::string& name) {
  return std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + name;
}

std::string make_temp_dir() {
  char tmpl[] = "/tmp/vtune-cli-XXXXXX";
  const char* d = ::mkdtemp(tmpl);
  return d ? d : "/tmp";
}

}  // namespace vtune::test
