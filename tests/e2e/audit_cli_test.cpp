// vtune audit and vtune diff through the real binary on the fixture hosts: exit codes, the
// summary, the JSON document and files, a directory of snapshots, a broken snapshot.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/e2e/cli_runner.h"

using vtune::test::fixture_host;
using vtune::test::make_temp_dir;
using vtune::test::run_vtune;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kHosts = {"vmware-guest", "kvm-guest",      "baremetal-2s",
                                         "kvm-host",     "container-host", "this-machine"};

std::vector<std::string> audit_args(std::vector<std::string> extra) {
  std::vector<std::string> args = {"audit", "--profile", "high-concurrency-web"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::vector<std::string> with_fixtures(std::vector<std::string> args) {
  for (const std::string& h : kHosts) args.push_back(fixture_host(h));
  return args;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A one-rule library and a profile selecting it, for the exit codes the stock rules never give.
std::pair<std::string, std::string> one_rule(const std::string& body) {
  std::string rules = make_temp_dir(), profiles = make_temp_dir();
  std::ofstream(rules + "/t.vtr") << "rule net.t-one \"One rule\" {\n  severity low\n  tags [t]\n"
                                  << body << "\n}\n";
  std::ofstream(profiles + "/t.toml")
      << "[profile]\nname = \"t\"\nsummary = \"test\"\n[rules]\ntags = [\"t\"]\n";
  return {rules, profiles};
}

}  // namespace

TEST_CASE("vtune audit: the fixture fleet drifts (exit 2); the summary ranks rules and hosts") {
  auto r = run_vtune(with_fixtures(audit_args({})));
  CHECK(r.exit_code == 2);
  CHECK(r.out.starts_with(
      "audit of 6 snapshots against profile high-concurrency-web (base -> high-concurrency-web)\n"
      "6 hosts: "));
  CHECK(r.out.find("\nrules that drift on the most hosts (") != std::string::npos);
  CHECK(r.out.find("\nworst hosts:\n  baremetal-2s ") != std::string::npos);
  CHECK(r.out.find("\033[") == std::string::npos);    // no colour when not a terminal
  CHECK(r.err.find("audited") == std::string::npos);  // no progress line when not a terminal
}

TEST_CASE("vtune audit --format json: counts agree with vtune check on each host") {
  auto r = run_vtune(with_fixtures(audit_args({"--format", "json", "--jobs", "2"})));
  CHECK(r.exit_code == 2);
  Json j = Json::parse(r.out);
  CHECK(j["schema_version"] == 1);
  CHECK(j["exit_code"] == 2);
  CHECK(j["summary"]["hosts"] == 6);
  REQUIRE(j["hosts"].size() == 6);
  for (size_t i = 0; i < kHosts.size(); ++i) {
    CAPTURE(kHosts[i]);
    auto c = run_vtune(
        {"--root", fixture_host(kHosts[i]), "check", "--profile", "high-concurrency-web"});
    Json plan = Json::parse(c.out);
    const Json& h = j["hosts"][i];
    CHECK(h["name"] == kHosts[i]);
    CHECK(h["exit_code"] == c.exit_code);
    CHECK(h["summary"] == plan["summary"]);
    size_t attention = 0;
    for (const Json& item : plan["items"])
      if (item["state"] != "compliant" && item["state"] != "not-applicable") ++attention;
    CHECK(h["items"].size() == attention);
  }
}

TEST_CASE("vtune audit: a broken snapshot is reported for its host, and the audit exits 1") {
  std::string broken = make_temp_dir();  // neither proc/ nor sys/
  auto r = run_vtune(audit_args({fixture_host("kvm-host"), broken, "--format", "json"}));
  CHECK(r.exit_code == 1);
  Json j = Json::parse(r.out);
  REQUIRE(j["hosts"].size() == 2);
  CHECK(j["hosts"][0]["status"] == "drift");
  CHECK(j["hosts"][1]["status"] == "failed");
  CHECK(j["hosts"][1]["failure"].get<std::string>().find("not a host tree") != std::string::npos);
  auto t = run_vtune(audit_args({fixture_host("kvm-host"), broken}));
  CHECK(t.exit_code == 1);
  CHECK(t.out.find("\ncould not be audited:\n  " + broken + ": ") != std::string::npos);
}

TEST_CASE("vtune audit DIR: the subdirectories are the snapshots, in name order") {
  std::string parent = make_temp_dir();
  fs::create_directory_symlink(fixture_host("kvm-host"), parent + "/b-kvm");
  fs::create_directory_symlink(fixture_host("vmware-guest"), parent + "/a-vmware");
  auto r = run_vtune(audit_args({parent, "--format", "json"}));
  CHECK(r.exit_code == 2);
  Json j = Json::parse(r.out);
  REQUIRE(j["hosts"].size() == 2);
  CHECK(j["hosts"][0]["name"] == "a-vmware");
  CHECK(j["hosts"][1]["name"] == "b-kvm");
  std::string empty = make_temp_dir();
  auto e = run_vtune(audit_args({empty}));
  CHECK(e.exit_code == 1);
  CHECK(e.err.find("neither a snapshot") != std::string::npos);
}

TEST_CASE("vtune audit: exit 0 when every host is compliant, 4 when one is incomplete") {
  auto [rules, profiles] = one_rule("  set sysctl \"net.core.somaxconn\" = 4096");
  std::vector<std::string> base = {"audit",  "--rules",   rules, "--profiles",
                                   profiles, "--profile", "t"};
  auto ok = run_vtune(with_fixtures(base));
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("6 hosts: 6 compliant, 0 drift, 0 incomplete, 0 error, 0 failed") !=
        std::string::npos);
  CHECK(ok.out.find("no rule drifts or fails on any host") != std::string::npos);
  auto [rules2, profiles2] = one_rule("  set sysctl \"net.core.no_such_key\" = 1");
  auto inc = run_vtune({"audit", "--rules", rules2, "--profiles", profiles2, "--profile", "t",
                        fixture_host("kvm-host")});
  CHECK(inc.exit_code == 4);
  CHECK(inc.out.find("1 incomplete") != std::string::npos);
}

TEST_CASE("vtune audit: invalid input exits 3, --root is refused") {
  auto bad = run_vtune({"audit", "--profile", "no-such-profile", fixture_host("kvm-host")});
  CHECK(bad.exit_code == 3);
  auto root = run_vtune({"--root", fixture_host("kvm-host"), "audit", "--profile",
                         "high-concurrency-web", fixture_host("kvm-host")});
  CHECK(root.exit_code == 1);
  CHECK(root.err.find("--root does not apply") != std::string::npos);
  auto none = run_vtune({"audit", "--profile", "high-concurrency-web"});
  CHECK(none.exit_code == 1);  // a usage error: no snapshot
}

TEST_CASE("vtune audit --json/--html: the files are written; text stays on stdout") {
  std::string dir = make_temp_dir();
  auto r = run_vtune(
      with_fixtures(audit_args({"--json", dir + "/audit.json", "--html", dir + "/audit.html"})));
  CHECK(r.exit_code == 2);
  CHECK(r.out.starts_with("audit of 6 snapshots"));
  Json j = Json::parse(slurp(dir + "/audit.json"));
  CHECK(j["summary"]["hosts"] == 6);
  std::string html = slurp(dir + "/audit.html");
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(html.find("id=\"audit-data\"") != std::string::npos);
  auto w = run_vtune(audit_args({fixture_host("kvm-host"), "--html", dir + "/no/such/dir/a.html"}));
  CHECK(w.exit_code == 1);
  CHECK(w.err.find("--html") != std::string::npos);
}

TEST_CASE("vtune diff: two fixtures differ in facts and, with a profile, in planned items") {
  auto r = run_vtune({"diff", fixture_host("kvm-host"), fixture_host("baremetal-2s")});
  CHECK(r.exit_code == 2);
  CHECK(r.out.find(" facts differ:\n") != std::string::npos);
  CHECK(r.out.find("nics[eno1]") != std::string::npos);      // only on baremetal-2s
  CHECK(r.out.find("nics[enp1s0f0]") != std::string::npos);  // only on kvm-host
  CHECK(r.out.find("planned") == std::string::npos);         // no profile, no plans
  auto p = run_vtune({"diff", "--profile", "high-concurrency-web", "--format", "json",
                      fixture_host("kvm-host"), fixture_host("baremetal-2s")});
  CHECK(p.exit_code == 2);
  Json j = Json::parse(p.out);
  CHECK(j["command"] == "diff");
  CHECK(j["profile"] == "high-concurrency-web");
  CHECK(j["summary"]["facts"].get<int>() == static_cast<int>(j["facts"].size()));
  CHECK(!j["settings"].empty());
  bool nic_only_in_b = false;
  for (const Json& s : j["settings"])
    if (s["a"].is_null() && s["knob"].is_string() &&
        s["knob"].get<std::string>().find("eno1") != std::string::npos)
      nic_only_in_b = true;
  CHECK(nic_only_in_b);
}

TEST_CASE("vtune diff: a snapshot against itself exits 0; a broken one exits 1") {
  auto same = run_vtune({"diff", "--profile", "high-concurrency-web", fixture_host("kvm-host"),
                         fixture_host("kvm-host")});
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("0 facts differ") != std::string::npos);
  CHECK(same.out.find("0 planned items differ") != std::string::npos);
  auto broken = run_vtune({"diff", fixture_host("kvm-host"), make_temp_dir()});
  CHECK(broken.exit_code == 1);
  CHECK(broken.err.find("not a host tree") != std::string::npos);
}
