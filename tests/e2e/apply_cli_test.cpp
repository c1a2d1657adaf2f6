// vtune apply / rollback / confirm / history through the real binary, on a COPY of a fixture
// root in a temp dir (the fixtures are never written), with --state-dir in the same temp dir.
// These drive the real appliers' write side: they pass once the appliers can write (issue 9,
// the sysctl applier's write side).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "tests/e2e/cli_runner.h"

using vtune::test::fixture_host;
using vtune::test::make_temp_dir;
using vtune::test::run_vtune;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Four sysctls the baremetal-2s fixture has, each set to a value it does not hold.
const std::map<std::string, std::string> kWanted = {{"net.core.somaxconn", "65535"},
                                                    {"vm.swappiness", "10"},
                                                    {"net.ipv4.tcp_fin_timeout", "15"},
                                                    {"net.core.netdev_max_backlog", "5000"}};

std::string sysctl_path(const std::string& key) {
  std::string p = "/proc/sys/" + key;
  for (size_t i = 10; i < p.size(); ++i)
    if (p[i] == '.') p[i] = '/';
  return p;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Bench {
  std::string dir = make_temp_dir();
  std::string root = dir + "/root", state = dir + "/state", rules = dir + "/rules",
              profiles = dir + "/profiles";
  std::map<std::string, std::string> original;  // sysctl path -> bytes

  Bench() {
    fs::copy(fixture_host("baremetal-2s"), root,
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    fs::create_directories(rules);
    fs::create_directories(profiles);
    std::ofstream r(rules + "/t.vtr");
    int n = 0;
    for (const auto& [key, value] : kWanted)
      r << "rule net.t-" << n++ << " \"Set " << key << "\" {\n  severity low\n  tags [t]\n"
        << "  set sysctl \"" << key << "\" = " << value << "\n}\n";
    std::ofstream(profiles + "/t.toml")
        << "[profile]\nname = \"t\"\nsummary = \"test\"\n[rules]\ntags = [\"t\"]\n";
    for (const auto& [key, _] : kWanted) original[key] = read(key);
  }
  ~Bench() { fs::remove_all(dir); }
  std::string read(const std::string& key) const { return slurp(root + sysctl_path(key)); }
  std::vector<std::string> args(std::vector<std::string> tail) const {
    std::vector<std::string> a = {"--root", root};
    a.insert(a.end(), tail.begin(), tail.end());
    a.insert(a.end(), {"--state-dir", state});
    return a;
  }
  std::vector<std::string> apply(std::vector<std::string> extra = {}) const {
    std::vector<std::string> a = {"apply",  "--rules",   rules, "--profiles",
                                  profiles, "--profile", "t"};
    a.insert(a.end(), extra.begin(), extra.end());
    return args(a);
  }
  bool all_original() const {
    for (const auto& [key, bytes] : original)
      if (read(key) != bytes) return false;
    return true;
  }
  Json history() const {
    auto h = run_vtune(args({"history", "--format", "json"}));
    REQUIRE(h.exit_code == 0);
    return Json::parse(h.out);
  }
};

}  // namespace

TEST_CASE("vtune apply: --yes applies, JSON reports each item; a second apply has nothing to do") {
  Bench b;
  auto r = run_vtune(b.apply({"--yes", "--format", "json"}));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  Json doc = Json::parse(r.out);
  CHECK(doc["schema_version"] == 1);
  CHECK(doc["outcome"] == "applied");
  CHECK(doc["changed"] == true);
  CHECK(doc["transaction"].is_string());
  REQUIRE(doc["items"].size() == kWanted.size());
  for (const Json& i : doc["items"]) {
    CHECK(i["state"] == "applied");
    CHECK(i["target"].get<std::string>().starts_with("/proc/sys/"));
  }
  CHECK(doc["summary"]["applied"] == kWanted.size());
  for (const auto& [key, value] : kWanted) {
    std::string now = b.read(key);
    CHECK(now.substr(0, value.size()) == value);
  }
  // Idempotent: the plan shows nothing to change, and apply has nothing to do.
  auto plan = run_vtune({"--root", b.root, "plan", "--rules", b.rules, "--profiles", b.profiles,
                         "--profile", "t", "--format", "json"});
  CHECK_MESSAGE(plan.exit_code == 0, plan.err);
  CHECK(Json::parse(plan.out)["summary"]["change"] == 0);
  auto again = run_vtune(b.apply({"--yes", "--format", "json"}));
  CHECK(again.exit_code == 0);
  CHECK(Json::parse(again.out)["outcome"] == "nothing_to_do");
  CHECK(Json::parse(again.out)["changed"] == false);
  CHECK(b.history()["transactions"].size() == 1);
  CHECK(b.history()["transactions"][0]["state"] == "committed");
}

TEST_CASE("vtune rollback: restores every file byte-identical; twice is a no-op") {
  Bench b;
  auto r = run_vtune(b.apply({"--yes"}));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("applied 4 changes") != std::string::npos);
  CHECK_FALSE(b.all_original());
  auto rb = run_vtune(b.args({"rollback", "--last", "--yes"}));
  CHECK_MESSAGE(rb.exit_code == 0, rb.err);
  CHECK(b.all_original());
  CHECK(b.history()["transactions"][0]["state"] == "rolled_back");
  auto twice = run_vtune(b.args({"rollback", "--last", "--yes"}));
  CHECK(twice.exit_code == 0);
  CHECK(twice.out.find("nothing to roll back") != std::string::npos);
  CHECK(b.all_original());
}

TEST_CASE("vtune apply --persist: writes the owned sysctl.d file at commit; rollback removes it") {
  Bench b;
  const std::string conf = b.root + "/etc/sysctl.d/90-vtune.conf";
  REQUIRE_FALSE(fs::exists(conf));
  std::string local = slurp(b.root + "/etc/sysctl.d/90-local.conf");
  auto r = run_vtune(b.apply({"--yes", "--persist", "--format", "json"}));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  Json doc = Json::parse(r.out);
  bool listed = false;
  for (const Json& p : doc["persisted"]) listed = listed || p == "/etc/sysctl.d/90-vtune.conf";
  CHECK(listed);
  std::string text = slurp(conf);
  for (const auto& [key, value] : kWanted)
    CHECK_MESSAGE(text.find(key + " = " + value + "\n") != std::string::npos, text);
  CHECK(slurp(b.root + "/etc/sysctl.d/90-local.conf") == local);  // others' files untouched
  auto rb = run_vtune(b.args({"rollback", "--last", "--yes"}));
  CHECK_MESSAGE(rb.exit_code == 0, rb.err);
  CHECK_FALSE(fs::exists(conf));
  CHECK(b.all_original());
}

// The web profile on baremetal-2s writes RPS/XPS masks whose text the rule states in one form
// ("1") and the host reads back in another ("00000000,00000000,00000001"): persisted as the
// host holds them, the second run finds boot.json and every other file up to date.
TEST_CASE("vtune apply --persist: a second run of the web profile has nothing to do") {
  Bench b;
  auto web = [&] {
    return run_vtune(b.args(
        {"apply", "--profile", "high-concurrency-web", "--yes", "--persist", "--format", "json"}));
  };
  auto first = web();
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK(Json::parse(first.out)["outcome"] == "applied");
  std::string boot = slurp(b.state + "/boot.json");
  auto second = web();
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  Json doc = Json::parse(second.out);
  CHECK(doc["outcome"] == "nothing_to_do");
  CHECK_MESSAGE(doc["persisted"].empty(), doc["persisted"].dump());
  CHECK(slurp(b.state + "/boot.json") == boot);
}

// What Ansible's check mode reports: the dry run's `changed`, its targets, the persisted files
// it would write, and the same refusal as apply of an unfinished transaction.
TEST_CASE("vtune apply --dry-run: previews targets and persistence; refuses an open transaction") {
  Bench b;
  auto dry = run_vtune(b.apply({"--dry-run", "--persist", "--format", "json"}));
  REQUIRE_MESSAGE(dry.exit_code == 0, dry.err);
  Json doc = Json::parse(dry.out);
  CHECK(doc["outcome"] == "dry_run");
  CHECK(doc["changed"] == true);
  REQUIRE(doc["items"].size() == kWanted.size());
  CHECK(doc["items"][0]["target"].get<std::string>().rfind("/proc/sys/", 0) == 0);
  bool conf = false;
  for (const Json& p : doc["persisted"]) conf = conf || p == "/etc/sysctl.d/90-vtune.conf";
  CHECK_MESSAGE(conf, doc["persisted"].dump());
  CHECK_FALSE(fs::exists(b.root + "/etc/sysctl.d/90-vtune.conf"));
  CHECK_FALSE(fs::exists(b.state));
  CHECK(b.all_original());

  REQUIRE(run_vtune(b.apply({"--yes", "--persist"})).exit_code == 0);
  Json again = Json::parse(run_vtune(b.apply({"--dry-run", "--persist", "--format", "json"})).out);
  CHECK(again["changed"] == false);
  CHECK(again["persisted"].empty());

  REQUIRE(run_vtune(b.args({"rollback", "--last", "--yes"})).exit_code == 0);
  CHECK(run_vtune(b.apply({"--yes"}), "VTUNE_FAILPOINT=journal:2").exit_code != 0);  // killed
  auto refused = run_vtune(b.apply({"--dry-run", "--format", "json"}));
  CHECK(refused.exit_code == 7);
  CHECK(Json::parse(refused.out)["outcome"] == "refused");
  CHECK(refused.err.find("vtune rollback") != std::string::npos);
}

TEST_CASE("vtune apply: --dry-run changes nothing; no TTY and no --yes refuses (exit 1)") {
  Bench b;
  auto dry = run_vtune(b.apply({"--dry-run", "--format", "json"}));
  CHECK(dry.exit_code == 0);
  CHECK(Json::parse(dry.out)["outcome"] == "dry_run");
  CHECK(b.all_original());
  CHECK_FALSE(fs::exists(b.state + "/journal"));
  auto no = run_vtune(b.apply());
  CHECK(no.exit_code == 1);
  CHECK(no.err.find("--yes") != std::string::npos);
  CHECK(b.all_original());
  auto no_rb = run_vtune(b.args({"rollback"}));
  CHECK(no_rb.exit_code == 0);  // nothing to roll back: nothing asked
}

TEST_CASE("vtune apply: invalid rules apply nothing (exit 3)") {
  Bench b;
  std::ofstream(b.rules + "/bad.vtr") << "rule {{{\n";
  auto r = run_vtune(b.apply({"--yes"}));
  CHECK(r.exit_code == 3);
  CHECK(b.all_original());
}

TEST_CASE("vtune apply: a crash after each journal record, then rollback restores every original") {
  // begin + 4 x (intent, done) + commit = 10 records.
  for (int k = 1; k <= 10; ++k) {
    CAPTURE(k);
    Bench b;
    auto r = run_vtune(b.apply({"--yes"}), "VTUNE_FAILPOINT=journal:" + std::to_string(k));
    CHECK(r.exit_code == 128 + 9);  // SIGKILL
    if (k < 10) {
      // Open: a second apply is refused (7), plan warns.
      auto refused = run_vtune(b.apply({"--yes"}));
      CHECK(refused.exit_code == 7);
      CHECK(refused.err.find("vtune rollback") != std::string::npos);
    }
    auto rb = run_vtune(b.args({"rollback", "--yes"}));
    CHECK_MESSAGE(rb.exit_code == 0, rb.err);
    CHECK(b.all_original());
    Json h = b.history();
    REQUIRE(h["transactions"].size() == 1);
    CHECK(h["transactions"][0]["state"] == "rolled_back");
  }
}

TEST_CASE("vtune rollback: a value changed since is left alone (exit 2) unless --force") {
  Bench b;
  REQUIRE(run_vtune(b.apply({"--yes"})).exit_code == 0);
  std::ofstream(b.root + sysctl_path("vm.swappiness"), std::ios::trunc) << "33\n";
  auto rb = run_vtune(b.args({"rollback", "--yes"}));
  CHECK(rb.exit_code == 2);
  CHECK(rb.out.find("left alone") != std::string::npos);
  CHECK(b.read("vm.swappiness") == "33\n");
  CHECK(b.read("net.core.somaxconn") == b.original["net.core.somaxconn"]);
  auto forced = run_vtune(b.args({"rollback", "--yes", "--force"}));
  CHECK(forced.exit_code == 0);
  CHECK(b.all_original());
}

TEST_CASE("vtune apply --confirm-within: no confirm rolls back; a confirm keeps the change") {
  SUBCASE("not confirmed") {
    Bench b;
    auto r = run_vtune(b.apply({"--yes", "--confirm-within", "1", "--format", "json"}));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(Json::parse(r.out)["awaiting_confirm_until"].is_string());
    CHECK_FALSE(b.all_original());
    CHECK(b.history()["transactions"][0]["state"] == "awaiting_confirm");
    for (int i = 0; i < 100 && !b.all_original(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(b.all_original());
    for (int i = 0; i < 50 && b.history()["transactions"][0]["state"] != "rolled_back"; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(b.history()["transactions"][0]["state"] == "rolled_back");
    CHECK(run_vtune(b.args({"confirm"})).exit_code == 1);
  }
  SUBCASE("confirmed") {
    Bench b;
    auto r = run_vtune(b.apply({"--yes", "--confirm-within", "2"}));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto c = run_vtune(b.args({"confirm"}));
    CHECK_MESSAGE(c.exit_code == 0, c.err);
    std::this_thread::sleep_for(std::chrono::milliseconds(3500));
    CHECK_FALSE(b.all_original());
    CHECK(b.history()["transactions"][0]["state"] == "confirmed");
  }
}

TEST_CASE("vtune history: text lists the transactions; none at first") {
  Bench b;
  auto none = run_vtune(b.args({"history"}));
  CHECK(none.exit_code == 0);
  CHECK(none.out == "no transactions\n");
  REQUIRE(run_vtune(b.apply({"--yes"})).exit_code == 0);
  auto h = run_vtune(b.args({"history"}));
  CHECK(h.exit_code == 0);
  CHECK(h.out.find("committed") != std::string::npos);
  CHECK(h.out.find("4/4 applied") != std::string::npos);
}

TEST_CASE("vtune apply: another vtune holding the lock is named by pid (exit 6)") {
  Bench b;
  fs::create_directories(b.state);
  int fd = ::open((b.state + "/lock").c_str(), O_CREAT | O_RDWR, 0600);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
  std::string pid = std::to_string(::getpid()) + "\n";
  REQUIRE(::write(fd, pid.data(), pid.size()) == static_cast<ssize_t>(pid.size()));
  auto r = run_vtune(b.apply({"--yes"}));
  CHECK(r.exit_code == 6);
  CHECK(r.err.find("pid " + std::to_string(::getpid())) != std::string::npos);
  auto rb = run_vtune(b.args({"rollback", "--yes"}));
  CHECK(rb.exit_code == 6);
  ::close(fd);
  CHECK(b.all_original());
}

TEST_CASE("vtune plan: warns about an unfinished transaction under the root's state directory") {
  Bench b;
  // Without --state-dir the journal lives in ROOT/var/lib/vtune, where plan looks.
  auto crashed = run_vtune({"--root", b.root, "apply", "--rules", b.rules, "--profiles", b.profiles,
                            "--profile", "t", "--yes"},
                           "VTUNE_FAILPOINT=journal:2");
  CHECK(crashed.exit_code == 128 + 9);
  auto plan = run_vtune(
      {"--root", b.root, "plan", "--rules", b.rules, "--profiles", b.profiles, "--profile", "t"});
  CHECK(plan.err.find("is open") != std::string::npos);
  CHECK(plan.err.find("vtune rollback") != std::string::npos);
  auto rb = run_vtune({"--root", b.root, "rollback", "--yes"});
  CHECK(rb.exit_code == 0);
  CHECK(b.all_original());
  auto quiet = run_vtune(
      {"--root", b.root, "plan", "--rules", b.rules, "--profiles", b.profiles, "--profile", "t"});
  CHECK(quiet.err.find("vtune rollback") == std::string::npos);
}

TEST_CASE("vtune apply: verification needs the live host; --verify-cmd needs --verify-better") {
  Bench b;
  // A fixture root has nothing to benchmark: asked for, verification is refused, unchanged.
  auto forced = run_vtune(b.apply({"--yes", "--verify", "--format", "json"}));
  CHECK(forced.exit_code == 1);
  CHECK(forced.err.find("verification measures the live host") != std::string::npos);
  CHECK(b.all_original());
  auto cmd = run_vtune(b.apply({"--yes", "--verify-cmd", "echo 1", "--verify-better", "higher"}));
  CHECK(cmd.exit_code == 1);
  CHECK(b.all_original());
  auto both = run_vtune(b.apply({"--yes", "--verify", "--no-verify"}));
  CHECK(both.exit_code != 0);
  CHECK(b.all_original());
  // Not verified: "verification" is null.
  auto r = run_vtune(b.apply({"--yes", "--no-verify", "--format", "json"}));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(Json::parse(r.out)["verification"].is_null());
  CHECK(b.history()["transactions"][0]["verification"].is_null());
}
