// Bad input through the real binary: a --rules path that does not exist is invalid input
// (exit 3), and, run as root, rule and profile files (and their directories) that another
// user can write are refused with exit 3, naming the file, its owner and mode and the fix.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/e2e/cli_runner.h"

using vtune::test::fixture_host;
using vtune::test::make_temp_dir;
using vtune::test::run_vtune;

namespace {

const char* const kRule =
    "rule net.t-somaxconn \"t\" {\n  tags [t]\n  set sysctl \"net.core.somaxconn\" = 4096\n}\n";
const char* const kProfile =
    "[profile]\nname = \"t\"\nsummary = \"test\"\n[rules]\ntags = [\"t\"]\n";

struct Inputs {
  std::string dir = make_temp_dir();  // 0700, root's when run as root
  std::string rules = dir + "/rules";
  std::string rule = rules + "/t.vtr";
  std::string profiles = dir + "/profiles";
  std::string profile = profiles + "/t.toml";
  Inputs() {
    std::filesystem::create_directory(rules);
    std::filesystem::create_directory(profiles);
    std::ofstream(rule) << kRule;
    std::ofstream(profile) << kProfile;
    ::chmod(rules.c_str(), 0755);
    ::chmod(profiles.c_str(), 0755);
    ::chmod(rule.c_str(), 0644);
    ::chmod(profile.c_str(), 0644);
  }
  ~Inputs() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  vtune::test::CliResult plan() const {
    return run_vtune({"--root", fixture_host("baremetal-2s"), "plan", "--rules", rules,
                      "--profiles", profiles, "--profile", "t"});
  }
};

}  // namespace

TEST_CASE("vtune plan --rules PATH that does not exist exits 3 and says so") {
  auto r = run_vtune({"--root", fixture_host("baremetal-2s"), "plan", "--rules", "/does/not/exist",
                      "--profile", "base"});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("the rules path /does/not/exist does not exist") != std::string::npos);
  CHECK(r.out.empty());
  auto check = run_vtune({"--root", fixture_host("baremetal-2s"), "check", "--rules",
                          "/does/not/exist", "--profile", "base"});
  CHECK(check.exit_code == 3);
}

TEST_CASE("vtune plan as root refuses rule and profile files others can write") {
  Inputs in;
  auto ok = in.plan();
  INFO(ok.err);
  REQUIRE(ok.exit_code == 0);  // the fixture host has somaxconn 4096: compliant
  if (::geteuid() != 0) {
    // As another user nothing is checked: the same files, writable by the group, load.
    ::chmod(in.rule.c_str(), 0664);
    CHECK(in.plan().exit_code == 0);
    return;
  }

  SUBCASE("a group-writable rule file") {
    ::chmod(in.rule.c_str(), 0664);
    auto r = in.plan();
    CHECK(r.exit_code == 3);
    CHECK(r.out.empty());
    CHECK(r.err.find("refusing rule file " + in.rule +
                     ": owned by root (uid 0), mode 0664 "
                     "(group-writable)") != std::string::npos);
    CHECK(r.err.find("fix: chown root:root " + in.rule + " && chmod go-w " + in.rule) !=
          std::string::npos);
  }
  SUBCASE("a rule file another user owns") {
    REQUIRE(::chown(in.rule.c_str(), 65534, 65534) == 0);
    auto r = in.plan();
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("refusing rule file " + in.rule) != std::string::npos);
    CHECK(r.err.find("(uid 65534), mode 0644 (not owned by root)") != std::string::npos);
  }
  SUBCASE("a world-writable directory holding the rules") {
    ::chmod(in.rules.c_str(), 0757);
    auto r = in.plan();
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("refusing directory " + in.rules + " (holding rule file " + in.rule +
                     "): owned by root (uid 0), mode 0757 (world-writable)") != std::string::npos);
  }
  SUBCASE("a group-writable profile") {
    ::chmod(in.profile.c_str(), 0660);
    auto r = in.plan();
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("refusing profile " + in.profile + ": owned by root (uid 0), mode 0660") !=
          std::string::npos);
  }
  SUBCASE("the fix the message gives makes the run work again") {
    ::chmod(in.rule.c_str(), 0666);
    REQUIRE(::chown(in.profile.c_str(), 65534, 0) == 0);
    CHECK(in.plan().exit_code == 3);
    REQUIRE(::chown(in.profile.c_str(), 0, 0) == 0);
    ::chmod(in.rule.c_str(), 0644);  // chmod go-w
    CHECK(in.plan().exit_code == 0);
  }
}
