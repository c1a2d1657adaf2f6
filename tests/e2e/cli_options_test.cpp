// The global options (--root, --log-level, -v, --color) work before and after the command,
// as a person types them and as the docs write them; --color and NO_COLOR decide colour.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "tests/e2e/cli_runner.h"

using vtune::test::fixture_host;
using vtune::test::run_vtune;

namespace {

// stdout of `command` run on a pseudo-terminal (util-linux script), so that --color auto
// sees a TTY; nullopt where script is not installed.
std::optional<std::string> run_on_tty(const std::string& env, const std::string& command) {
  if (std::system("command -v script >/dev/null 2>&1") != 0) return std::nullopt;
  std::string cmd = env + " script -qec '" + command + "' /dev/null </dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return std::nullopt;
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  pclose(p);
  return out;
}

}  // namespace

TEST_CASE("global options go before or after the command, with the same result") {
  const std::string root = fixture_host("baremetal-2s");
  auto before = run_vtune({"--root", root, "plan", "--profile", "high-concurrency-web"});
  auto after = run_vtune({"plan", "--root", root, "--profile", "high-concurrency-web"});
  auto last = run_vtune({"plan", "--profile", "high-concurrency-web", "--root", root});
  CHECK(before.exit_code == 2);
  CHECK(after.exit_code == 2);
  CHECK(last.exit_code == 2);
  CHECK(after.err.find("not expected") == std::string::npos);
  CHECK(after.out == before.out);
  CHECK(last.out == before.out);

  auto facts_after = run_vtune({"facts", "--format", "json", "--root", root, "-v"});
  auto facts_before = run_vtune({"-v", "--root", root, "facts", "--format", "json"});
  CHECK(facts_after.exit_code == 0);
  CHECK(facts_after.out == facts_before.out);

  auto level = run_vtune({"rules", "--log-level", "debug"});
  CHECK(level.exit_code == 0);
  auto bad_level = run_vtune({"rules", "--log-level", "loud"});
  CHECK(bad_level.exit_code != 0);

  auto explain = run_vtune({"explain", "net.n2-somaxconn", "--root", root});
  CHECK(explain.exit_code == 0);
  CHECK(explain.out.find("net.n2-somaxconn") != std::string::npos);
}

TEST_CASE("a subcommand's --help names the global options") {
  auto h = run_vtune({"plan", "--help"});
  CHECK(h.exit_code == 0);
  CHECK(h.out.find("Global options (before or after the command): --root DIR") !=
        std::string::npos);
  CHECK(h.out.find("3 invalid input") != std::string::npos);  // its own footer stays
}

TEST_CASE("--color always|never|auto and NO_COLOR") {
  const std::string root = fixture_host("baremetal-2s");
  const std::vector<std::string> plan = {"plan", "--profile", "high-concurrency-web"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = plan;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  auto always = run_vtune(with({"--root", root, "--color", "always"}));
  CHECK(always.exit_code == 2);
  CHECK(always.out.find("\033[33mchange") != std::string::npos);
  auto never = run_vtune(with({"--color=never", "--root", root}));
  CHECK(never.out.find("\033[") == std::string::npos);
  auto piped = run_vtune(with({"--root", root}));  // auto, and stdout is not a terminal
  CHECK(piped.out.find("\033[") == std::string::npos);
  auto forced = run_vtune(with({"--root", root, "--color", "always"}), "NO_COLOR=1");
  CHECK(forced.out.find("\033[33mchange") != std::string::npos);  // the explicit flag wins

  const std::string cmd = std::string(VTUNE_BIN) + " --root " + root + " plan --profile base";
  if (auto tty = run_on_tty("", cmd)) {
    CHECK(tty->find("\033[") != std::string::npos);  // auto on a terminal: colour
    auto quiet = run_on_tty("NO_COLOR=1", cmd);
    REQUIRE(quiet);
    CHECK(quiet->find("\033[") == std::string::npos);  // unless NO_COLOR is set
    auto empty = run_on_tty("NO_COLOR=", cmd);
    REQUIRE(empty);
    CHECK(empty->find("\033[") != std::string::npos);  // NO_COLOR="" does not count
  } else {
    MESSAGE("script(1) is not installed: --color auto on a terminal is not checked");
  }
  auto bad = run_vtune(with({"--root", root, "--color", "sometimes"}));
  CHECK(bad.exit_code != 0);
}
