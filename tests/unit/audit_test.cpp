// The fleet audit (engine/audit): running one profile over fixture snapshots, the ordering of
// rules and hosts, the JSON document, the HTML report's escaping, and snapshot expansion.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "engine/audit/audit_html.h"
#include "engine/audit/audit_json.h"
#include "engine/audit/audit_run.h"
#include "engine/audit/audit_text.h"
#include "engine/audit/fleet_summary.h"
#include "engine/audit/html_text.h"
#include "engine/facts/host_backend.h"
#include "engine/lang/library.h"
#include "engine/profile/profile_loader.h"
#include "tests/unit/temp_root.h"

namespace vtune {
namespace {

const std::vector<std::string> kHosts = {"vmware-guest", "kvm-guest",      "baremetal-2s",
                                         "kvm-host",     "container-host", "this-machine"};

std::string fixture(const std::string& name) {
  return std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + name;
}

struct Inputs {
  lang::RuleLibrary lib;
  Profile profile;
};

const Inputs& web_inputs() {
  static const Inputs in = [] {
    const std::string rules = std::string(VTUNE_SOURCE_DIR) + "/rules";
    Result<lang::RuleLibrary> lib = lang::load_library(std::span<const std::string>(&rules, 1));
    REQUIRE(lib.ok());
    std::unique_ptr<HostFs> fs = make_disk_host_fs("/");
    ProfileLoader loader(*fs, {std::string(VTUNE_SOURCE_DIR) + "/profiles"});
    Diagnostics d;
    std::optional<Profile> p = loader.load("high-concurrency-web", d);
    REQUIRE(p);
    return Inputs{std::move(*lib), std::move(*p)};
  }();
  return in;
}

PlanRequest web_request() {
  return {web_inputs().lib, web_inputs().profile, Date{2027, 1, 1}};
}

AuditRunOptions with_jobs(unsigned n) {
  AuditRunOptions o;
  o.jobs = n;
  return o;
}

std::vector<std::string> fixture_paths() {
  std::vector<std::string> out;
  for (const std::string& h : kHosts) out.push_back(fixture(h));
  return out;
}

}  // namespace

TEST_CASE("audit: each host's counts and status are those of its own plan") {
  FleetAudit audit = run_fleet_audit(web_request(), fixture_paths(), with_jobs(2));
  REQUIRE(audit.hosts.size() == kHosts.size());
  CHECK(audit.profile == "high-concurrency-web");
  CHECK(audit.profile_chain == std::vector<std::string>{"base", "high-concurrency-web"});
  CHECK(!audit.rules.empty());
  for (size_t i = 0; i < kHosts.size(); ++i) {
    CAPTURE(kHosts[i]);
    const AuditHost& h = audit.hosts[i];
    CHECK(h.name == kHosts[i]);  // input order
    HostBackend backend(fixture(kHosts[i]));
    Warnings w;
    Plan plan = build_plan(web_request(), backend.host(), {}, fixture(kHosts[i]), w);
    PlanCounts c = plan.counts();
    CHECK(h.counts.total() == c.total());
    CHECK(h.counts.change == c.change);
    CHECK(h.counts.error == c.error);
    CHECK(h.counts.unknown == c.unknown);
    CHECK(h.exit_code() == plan_exit_code(plan));
    // Only the items needing attention are kept, and all of them.
    CHECK(h.items.size() == static_cast<size_t>(c.total() - c.compliant - c.not_applicable));
    CHECK(std::none_of(h.items.begin(), h.items.end(),
                       [](const PlanItem& i) { return !needs_attention(i.state); }));
    // Every rule of the plan has its cell, with the worst state of its items.
    for (size_t r = 0; r < audit.rules.size(); ++r) {
      std::optional<ItemState> worst;
      for (const PlanItem& item : plan.items)
        if (item.rule == audit.rules[r].id &&
            (!worst || state_severity(item.state) > state_severity(*worst)))
          worst = item.state;
      CHECK(h.cells[r] == worst);
    }
  }
  // The fixtures drift under the web profile: the audit says so.
  CHECK(audit_exit_code(audit) == kExitDrift);
}

TEST_CASE("audit: the result does not depend on the number of jobs") {
  FleetAudit one = run_fleet_audit(web_request(), fixture_paths(), with_jobs(1));
  FleetAudit four = run_fleet_audit(web_request(), fixture_paths(), with_jobs(4));
  Json a = audit_to_json(one), b = audit_to_json(four);
  a.erase("generated_at");
  b.erase("generated_at");
  CHECK(a == b);
}

TEST_CASE("audit: a snapshot that cannot be audited is a failed host, not a failed audit") {
  test::TempRoot empty;  // no proc/, no sys/
  std::vector<std::string> paths = {fixture("kvm-host"), empty.dir, empty.dir + "/missing"};
  size_t calls = 0;
  FleetAudit audit =
      run_fleet_audit(web_request(), paths, {.jobs = 2, .progress = [&](size_t done, size_t total) {
                                               ++calls;
                                               CHECK(done <= total);
                                               CHECK(total == 3);
                                             }});
  CHECK(calls == 3);
  REQUIRE(audit.hosts.size() == 3);
  CHECK(audit.hosts[0].status != HostStatus::Failed);
  for (size_t i : {1, 2}) {
    CAPTURE(i);
    CHECK(audit.hosts[i].status == HostStatus::Failed);
    CHECK(audit.hosts[i].failure.find("not a host tree") != std::string::npos);
    CHECK(audit.hosts[i].exit_code() == kExitError);
    CHECK(std::all_of(audit.hosts[i].cells.begin(), audit.hosts[i].cells.end(),
                      [](auto c) { return !c.has_value(); }));
  }
  CHECK(audit_exit_code(audit) == kExitError);
  // Failed hosts come after every audited one.
  CHECK(hosts_worst_first(audit).front() == 0);
  HostTally t = tally_hosts(audit);
  CHECK(t.hosts == 3);
  CHECK(t.failed == 2);
}

TEST_CASE("audit: rules that drift on the most hosts come first, then the worst hosts") {
  FleetAudit audit = run_fleet_audit(web_request(), fixture_paths(), with_jobs(2));
  std::vector<RuleTally> rules = rules_by_drift(audit);
  REQUIRE(rules.size() == audit.rules.size());
  for (size_t i = 1; i < rules.size(); ++i)
    CHECK(rules[i - 1].with(ItemState::Change) >= rules[i].with(ItemState::Change));
  CHECK(rules.front().with(ItemState::Change) > 0);
  // Each rule's tallies add up to the hosts that have an item of it.
  for (const RuleTally& r : rules) {
    int sum = 0;
    for (int n : r.hosts) sum += n;
    CHECK(sum <= static_cast<int>(audit.hosts.size()));
  }
  std::vector<size_t> hosts = hosts_worst_first(audit);
  for (size_t i = 1; i < hosts.size(); ++i)
    CHECK(audit.hosts[hosts[i - 1]].counts.change >= audit.hosts[hosts[i]].counts.change);
  std::string text = render_audit_text(audit);
  CHECK(text.starts_with("audit of 6 snapshots against profile high-concurrency-web"));
  CHECK(text.find("rules that drift on the most hosts") != std::string::npos);
  // The first listed rule is the one that drifts most.
  const std::string& top = audit.rules[rules.front().rule].id;
  CHECK(text.find(top) < text.find("worst hosts:"));
  CHECK(text.find("worst hosts:\n  " + audit.hosts[hosts.front()].name) != std::string::npos);
}

TEST_CASE("audit JSON: the documented shape") {
  test::TempRoot empty;
  std::vector<std::string> paths = fixture_paths();
  paths.push_back(empty.dir);
  FleetAudit audit = run_fleet_audit(web_request(), paths, with_jobs(2));
  Json j = audit_to_json(audit);
  CHECK(j["schema_version"] == 1);
  CHECK(j["command"] == "audit");
  CHECK(j["exit_code"] == 1);
  CHECK(j["summary"]["hosts"] == 7);
  CHECK(j["summary"]["failed"] == 1);
  int sum = 0;
  for (const char* k : {"compliant", "drift", "incomplete", "error", "failed"})
    sum += j["summary"][k].get<int>();
  CHECK(sum == 7);
  REQUIRE(j["hosts"].size() == 7);
  CHECK(j["hosts"][2]["name"] == "baremetal-2s");
  CHECK(j["hosts"][2]["status"] == "drift");
  CHECK(j["hosts"][2]["summary"]["change"].get<int>() > 0);
  CHECK(j["hosts"][2]["items"][0].contains("knob"));
  CHECK(j["hosts"][6]["status"] == "failed");
  CHECK(j["hosts"][6]["summary"].is_null());
  CHECK(j["hosts"][6]["failure"].is_string());
  REQUIRE(j["rules"].size() == audit.rules.size());
  for (size_t i = 1; i < j["rules"].size(); ++i)
    CHECK(j["rules"][i - 1]["hosts"]["change"] >= j["rules"][i]["hosts"]["change"]);
  for (const char* k :
       {"compliant", "change", "advisory", "waived", "not_applicable", "error", "unknown"})
    CHECK(j["rules"][0]["hosts"].contains(k));
  // The text, built host by host, is the same document.
  Json streamed = Json::parse(render_audit_json(audit));
  streamed.erase("generated_at");
  j.erase("generated_at");
  CHECK(streamed == j);
  FleetAudit none;
  CHECK(Json::parse(render_audit_json(none))["hosts"] == Json::array());
}

TEST_CASE("audit HTML: snapshot text is escaped, the data block cannot end its script") {
  CHECK(html_escape("<script>alert('x')</script> & \"q\"") ==
        "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;q&quot;");
  CHECK(html_escape("a\x1b[2Jb") == "a\\x1b[2Jb");
  CHECK(html_escape("\xff") == "\\xff");
  Json doc = {{"v", "</script><!-- <b> & \xe2\x80\xa8"}};
  std::string s = json_for_script(doc);
  CHECK(s.find('<') == std::string::npos);
  CHECK(s.find('>') == std::string::npos);
  CHECK(s.find('&') == std::string::npos);
  CHECK(Json::parse(s) == doc);

  FleetAudit audit;
  audit.profile = "p<b id=1>";
  audit.profile_chain = {"p<b id=1>"};
  audit.rules = {{"net.x", "T</td>", "network", "low", {"t"}}};
  AuditHost h;
  h.name = "<script>alert(1)</script>";
  h.hostname = "<img src=x onerror=alert(2)>";
  h.path = "/fleet/<script>";
  h.status = HostStatus::Drift;
  h.counts.change = 1;
  PlanItem item;
  item.state = ItemState::Change;
  item.rule = "net.x";
  item.knob = "sysctl:net.core.somaxconn";
  item.current = "</script><script>alert(3)</script>";
  item.desired = 65535;
  item.message = "<!-- -->";
  h.items.push_back(item);
  h.cells = {ItemState::Change};
  audit.hosts.push_back(h);
  AuditHost failed;
  failed.name = "bad";
  failed.failure = "</section><em id=2><script>alert(4)</script>";
  failed.cells = {std::nullopt};
  audit.hosts.push_back(failed);
  std::string html = render_audit_html(audit);
  for (const char* hostile : {"<script>alert", "<img", "</script><script>", "<!-- -->",
                              "</section><em", "<b id=1>", "T</td>"})
    CHECK(html.find(hostile) == std::string::npos);
  // Exactly the two script elements of the page itself: the data block and the code.
  size_t scripts = 0;
  for (size_t at = html.find("<script"); at != std::string::npos; at = html.find("<script", at + 1))
    ++scripts;
  CHECK(scripts == 2);
  CHECK(html.find("p&lt;b id=1&gt;") != std::string::npos);  // the profile name, in the header
  // Self-contained: nothing is loaded from elsewhere.
  for (const char* ext : {"src=\"http", "href=\"http", "<link", "@import", "url("})
    CHECK(html.find(ext) == std::string::npos);
  // The data block carries the values, escaped, and parses back to them.
  size_t open = html.find("<script type=\"application/json\" id=\"audit-data\">");
  REQUIRE(open != std::string::npos);
  open = html.find('>', open) + 1;
  Json data = Json::parse(html.substr(open, html.find("</script>", open) - open));
  CHECK(data["hosts"][0]["name"] == "<script>alert(1)</script>");
  CHECK(data["hosts"][0]["cells"] == "d");
  CHECK(data["hosts"][1]["cells"] == "-");
  const Json& row = data["hosts"][0]["items"][0];
  CHECK(data["strings"][row[4].get<int>()] == "</script><script>alert(3)</script>");
}

TEST_CASE("audit HTML data: strings are shared, hosts worst first, rules in drift order") {
  FleetAudit audit = run_fleet_audit(web_request(), fixture_paths(), with_jobs(2));
  Json data = audit_html_data(audit);
  REQUIRE(data["hosts"].size() == kHosts.size());
  std::vector<size_t> worst = hosts_worst_first(audit);
  for (size_t i = 0; i < worst.size(); ++i)
    CHECK(data["hosts"][i]["name"] == audit.hosts[worst[i]].name);
  for (const Json& h : data["hosts"])
    CHECK(h["cells"].get<std::string>().size() == audit.rules.size());
  std::vector<RuleTally> rules = rules_by_drift(audit);
  for (size_t c = 0; c < rules.size(); ++c)
    CHECK(data["rules"][c]["id"] == audit.rules[rules[c].rule].id);
  std::set<std::string> distinct;
  for (const Json& s : data["strings"]) distinct.insert(s.get<std::string>());
  CHECK(distinct.size() == data["strings"].size());
}

TEST_CASE("audit: one argument that is no snapshot stands for its subdirectories") {
  test::TempRoot parent;
  parent.put("/web-2/proc/meminfo", "MemTotal: 1 kB\n");
  parent.put("/web-1/proc/meminfo", "MemTotal: 1 kB\n");
  parent.put("/.hidden/proc/meminfo", "");
  parent.put("/notes.txt", "not a snapshot");
  std::string error;
  std::vector<std::string> found = expand_snapshot_args({parent.dir}, error);
  CHECK(error.empty());
  CHECK(found == std::vector<std::string>{parent.dir + "/web-1", parent.dir + "/web-2"});
  // A snapshot itself, or several arguments, are taken as they are.
  CHECK(expand_snapshot_args({fixture("kvm-host")}, error) ==
        std::vector<std::string>{fixture("kvm-host")});
  CHECK(expand_snapshot_args({parent.dir, fixture("kvm-host")}, error).size() == 2);
  test::TempRoot empty;
  CHECK(expand_snapshot_args({empty.dir}, error).empty());
  CHECK(error.find("neither a snapshot") != std::string::npos);
}

}  // namespace vtune
