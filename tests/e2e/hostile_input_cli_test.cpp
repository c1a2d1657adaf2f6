// The binary on roots an attacker or an accident prepared: bytes that are not UTF-8 and
// terminal escapes in host files, an empty --root, unusable --vmx files, a broken
// daemon.json, unreadable listings, and a run as an unprivileged user.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "tests/e2e/cli_runner.h"

using vtune::test::fixture_host;
using vtune::test::make_temp_dir;
using vtune::test::run_vtune;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* const kAsNobody = "setpriv --reuid=nobody --regid=nogroup --clear-groups";

// A private copy of a fixture host that tests may damage.
std::string copy_of(const std::string& fixture) {
  std::string dir = make_temp_dir() + "/root";
  fs::copy(fixture_host(fixture), dir,
           fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  return dir;
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

size_t count_of(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

bool raw_escape(const std::string& s) {
  return s.find('\x1b') != std::string::npos;
}

// Lets `nobody` reach a root copied under a 0700 temporary directory.
void open_to_all(const std::string& root) {
  for (fs::path p = root; p != "/tmp" && p.has_parent_path(); p = p.parent_path())
    ::chmod(p.c_str(), 0755);
}

}  // namespace

TEST_CASE("an invalid UTF-8 byte in a sysctl file does not end the audit") {
  std::string root = copy_of("baremetal-2s");
  write(root + "/proc/sys/net/core/somaxconn", "4096\xff\n");
  for (std::string format : {"text", "json", "junit", "sarif"}) {
    CAPTURE(format);
    auto r = run_vtune(
        {"--root", root, "plan", "--profile", "high-concurrency-web", "--format", format});
    CHECK(r.exit_code == 2);
    CHECK_FALSE(r.out.empty());
    if (format == "json") CHECK_FALSE(Json::parse(r.out).is_discarded());
  }
  auto facts = run_vtune({"--root", root, "facts", "--format", "json"});
  CHECK(facts.exit_code == 0);
  CHECK_FALSE(Json::parse(facts.out).is_discarded());
  auto explain = run_vtune({"--root", root, "explain", "sysctl:net.core.somaxconn", "--profile",
                            "high-concurrency-web"});
  CHECK(explain.exit_code == 0);
  CHECK(explain.out.find("4096\\xff") != std::string::npos);
}

TEST_CASE("terminal escapes in host files are shown escaped") {
  std::string root = copy_of("baremetal-2s");
  write(root + "/proc/sys/net/core/somaxconn", "\x1b[2J\x1b]0;owned\x07\n");
  write(root + "/proc/sys/kernel/osrelease", "6.8.0\x1b[2J\n");
  auto plan = run_vtune({"--root", root, "plan", "--profile", "high-concurrency-web"});
  CHECK_FALSE(raw_escape(plan.out));
  CHECK(plan.out.find("\\x1b[2J") != std::string::npos);
  auto facts = run_vtune({"--root", root, "facts"});
  CHECK_FALSE(raw_escape(facts.out));
  CHECK_FALSE(raw_escape(facts.err));
  auto explain = run_vtune({"--root", root, "explain", "sysctl:net.core.somaxconn"});
  CHECK_FALSE(raw_escape(explain.out));
}

TEST_CASE("lint rejects a rule file that is not UTF-8, and escapes excerpts") {
  std::string dir = make_temp_dir();
  write(dir + "/t.vtr", "rule t.x \"t\" {\n  advise \"caf\xe9\"\n}\n");
  auto r = run_vtune({"lint", dir});
  CHECK(r.exit_code == 3);
  std::string all = r.out + r.err;
  CHECK(all.find("t.vtr:2:14: error[VT0390]") != std::string::npos);

  write(dir + "/t.vtr", "rule t.x \"\x1b[2J\" {\n  advise oops\n}\n");
  auto esc = run_vtune({"lint", dir});
  CHECK(esc.exit_code == 3);
  CHECK_FALSE(raw_escape(esc.out + esc.err));
}

TEST_CASE("an empty or wrong --root is an error that points at vtune snapshot") {
  std::string empty = make_temp_dir();
  auto r = run_vtune({"--root", empty, "plan", "--profile", "base"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("vtune snapshot") != std::string::npos);
  CHECK(r.out.find("compliant") == std::string::npos);
  fs::create_directories(empty + "/proc");
  fs::create_directories(empty + "/sys");
  auto hollow = run_vtune({"--root", empty, "plan", "--profile", "base"});
  CHECK(hollow.exit_code == 1);
  CHECK(hollow.err.find("proc/cpuinfo") != std::string::npos);
  // facts of a partial snapshot are partial, not an error.
  CHECK(run_vtune({"--root", empty, "facts"}).exit_code == 0);
}

TEST_CASE("--vmx files that are missing or do not parse are invalid input") {
  std::string dir = make_temp_dir();
  auto missing = run_vtune({"plan", "--profile", "base", "--vmx", dir + "/nope.vmx"});
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("nope.vmx") != std::string::npos);
  write(dir + "/bad.vmx", "numvcpus = \"4\"\nmemsize = \"8192\n");
  auto bad = run_vtune({"plan", "--profile", "base", "--vmx", dir + "/bad.vmx"});
  CHECK(bad.exit_code == 3);
  CHECK(bad.err.find("bad.vmx:2:") != std::string::npos);
  CHECK(bad.err.find("VT0311") != std::string::npos);
  auto facts = run_vtune({"facts", "--vmx", dir + "/nope.vmx"});
  CHECK(facts.exit_code == 3);
}

TEST_CASE("a profile path that is a directory says so") {
  std::string dir = make_temp_dir() + "/p.toml";
  fs::create_directories(dir);
  auto r = run_vtune({"--root", fixture_host("baremetal-2s"), "plan", "--profile", dir});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("Invalid argument") == std::string::npos);
  CHECK(r.err.find("directory") != std::string::npos);
}

TEST_CASE("a broken daemon.json is one error item, with its line and column") {
  std::string root = copy_of("container-host");
  write(root + "/etc/docker/daemon.json", "{\n  \"log-driver\": \"json-file\",\n  oops\n}\n");
  auto r = run_vtune({"--root", root, "plan", "--profile", "container-host"});
  CHECK(r.exit_code == 1);  // error items exit 1 (docs/exit-codes.md)
  CHECK(count_of(r.out, "VT0301") == 1);
  CHECK(r.out.find("daemon.json:3:") != std::string::npos);
  CHECK(r.out.find("- -> ") == std::string::npos);
}

TEST_CASE("as nobody: an unreadable /sys/class/net makes NIC rules unknown, exit 4 or 2") {
  if (::geteuid() != 0) {
    MESSAGE("skipped: needs root to switch to nobody");
    return;
  }
  std::string root = copy_of("baremetal-2s");
  open_to_all(root);
  ::chmod((root + "/sys/class/net").c_str(), 0);
  auto facts = run_vtune({"--root", root, "facts", "--format", "json"}, kAsNobody);
  REQUIRE(facts.exit_code == 0);
  Json doc = Json::parse(facts.out);
  CHECK(doc["facts"]["nics"].is_null());
  CHECK(doc["facts"]["unreadable"]["nics"].get<std::string>().find("Permission denied") !=
        std::string::npos);
  auto plan = run_vtune(
      {"--root", root, "plan", "--profile", "network-throughput", "--format", "json"}, kAsNobody);
  CHECK((plan.exit_code == 4 || plan.exit_code == 2));
  Json p = Json::parse(plan.out);
  CHECK(p["summary"]["unknown"].get<int>() > 0);
  bool nic_unknown = false;
  for (const Json& i : p["items"])
    if (i["rule"].get<std::string>().rfind("nic.", 0) == 0) nic_unknown |= i["state"] == "unknown";
  CHECK(nic_unknown);
}

TEST_CASE("as nobody on this host: facts and plan answer, refusals named once") {
  if (::geteuid() != 0) {
    MESSAGE("skipped: needs root to switch to nobody");
    return;
  }
  auto facts = run_vtune({"facts"}, kAsNobody);
  REQUIRE(facts.exit_code == 0);
  CHECK(facts.out.find("CPU") != std::string::npos);
  // No path pattern is listed twice.
  std::istringstream lines(facts.err);
  std::set<std::string> seen;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("ermission denied") == std::string::npos) continue;
    std::string path = line.substr(0, line.find(": "));
    CHECK_MESSAGE(seen.insert(path).second, "listed twice: " << path);
  }
  auto json = run_vtune({"facts", "--format", "json"}, kAsNobody);
  REQUIRE(json.exit_code == 0);
  Json doc = Json::parse(json.out);
  CHECK_FALSE(doc["facts"]["virt"]["container"].is_null());  // decided without /proc/1/environ
  auto plan = run_vtune({"plan", "--profile", "base"}, kAsNobody);
  CHECK(plan.exit_code != 3);
  CHECK(plan.out.find(" settings: ") != std::string::npos);
}

TEST_CASE("rule titles and profile summaries are shown escaped by rules and profiles") {
  std::string dir = make_temp_dir();
  write(dir + "/t.vtr", "rule t.x \"\x1b[2Jtitle\" {\n  tags [base]\n  advise \"a\"\n}\n");
  write(dir + "/p.toml",
        "[profile]\nname = \"p\"\nsummary = \"s\\u001b]0;owned\\u0007\"\ninclude = []\n"
        "[rules]\ntags = [\"base\"]\n");
  std::string env = "VTUNE_RULES_DIR=" + dir + " VTUNE_PROFILES_DIR=" + dir;
  auto rules = run_vtune({"rules"}, env);
  CHECK(rules.exit_code == 0);
  CHECK(rules.out.find("\\x1b[2Jtitle") != std::string::npos);
  auto list = run_vtune({"profiles"}, env);
  CHECK(list.exit_code == 0);
  auto show = run_vtune({"profiles", "show", "p"}, env);
  CHECK(show.exit_code == 0);
  CHECK(show.out.find("s\\x1b]0;owned\\x07") != std::string::npos);
  CHECK_FALSE(raw_escape(rules.out + list.out + show.out));
}
