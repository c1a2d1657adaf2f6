// The text plan a person reads: summary first, areas in reading order, what would change
// first within an area, compliant and not-applicable items counted but listed only with
// `all`, checks named by what they tested, booleans as true/false, colour only when asked.
#include <doctest/doctest.h>

#include <string>

#include "engine/report/plan_text.h"

namespace vtune {
namespace {

PlanItem item(ItemState state, std::string area, std::string rule, std::string knob = {}) {
  PlanItem i;
  i.state = state;
  i.area = std::move(area);
  i.rule = std::move(rule);
  i.knob = std::move(knob);
  return i;
}

// A plan as the planner orders it: by area name, then rule id.
Plan sample_plan() {
  Plan p;
  p.profile = "web";
  p.profile_chain = {"base", "web"};
  p.hostname = "web-01";
  p.root = "/";
  PlanItem thp = item(ItemState::Compliant, "memory", "mem.m1", "sysfs:/sys/kernel/mm/thp");
  thp.current = "madvise";
  thp.desired = "madvise";
  p.items.push_back(thp);
  PlanItem check = item(ItemState::Compliant, "network", "net.a3");
  check.subject = "param.pid_max <= 4194304";
  check.message = "check passed";
  p.items.push_back(check);
  PlanItem rmem = item(ItemState::Change, "network", "net.n1", "sysctl:net.core.rmem_max");
  rmem.current = 212992;
  rmem.desired = 16777216;
  p.items.push_back(rmem);
  PlanItem na = item(ItemState::NotApplicable, "containers", "docker.c1");
  na.message = "its conditions do not hold on this host";
  p.items.push_back(na);
  PlanItem exp = item(ItemState::Change, "containers", "docker.c2", "daemon_json:experimental");
  exp.desired = false;
  p.items.push_back(exp);
  PlanItem adv = item(ItemState::Advisory, "network", "net.x9");
  adv.subject = "n = nics[eno1]: n.mtu >= 1500";
  adv.message = "raise the MTU";
  p.items.push_back(adv);
  PlanItem waived = item(ItemState::Waived, "vmx", "vmx.v1", "vmx:/vm/a.vmx:ethernet0.virtualDev");
  waived.current = "e1000";
  waived.desired = "vmxnet3";
  waived.waiver_reason = "legacy guest";
  p.items.push_back(waived);
  p.items.push_back(item(ItemState::Error, "zzz-new-area", "x.err"));
  return p;
}

size_t at(const std::string& text, const std::string& what) {
  size_t pos = text.find(what);
  CAPTURE(what);
  REQUIRE(pos != std::string::npos);
  return pos;
}

}  // namespace

TEST_CASE("plan text: the summary comes first, then the hidden count") {
  std::string t = render_plan_text(sample_plan());
  CHECK(t.rfind("plan for profile web (base -> web) on web-01\n"
                "8 settings: 2 compliant, 2 to change, 1 advisories, 1 waived, 1 n/a, 1 errors\n"
                "(3 compliant or not-applicable items are not listed; --all lists them)\n",
                0) == 0);
}

TEST_CASE("plan text: areas in reading order, changes first, hidden items counted not listed") {
  std::string t = render_plan_text(sample_plan());
  // network before containers before vmx, an area the table does not know last.
  size_t net = at(t, "\nnetwork: 1 to change, 1 advisories, 1 compliant\n");
  size_t cont = at(t, "\ncontainers: 1 to change, 1 n/a\n");
  size_t vmx = at(t, "\nvmx: 1 waived\n");
  size_t other = at(t, "\nzzz-new-area: 1 errors\n");
  CHECK(net < cont);
  CHECK(cont < vmx);
  CHECK(vmx < other);
  // memory holds only a compliant item: no section without --all.
  CHECK(t.find("\nmemory") == std::string::npos);
  CHECK(t.find("net.a3") == std::string::npos);
  CHECK(t.find("docker.c1") == std::string::npos);
  // Within network the change comes before the advisory, though the planner had it after.
  CHECK(at(t, "sysctl:net.core.rmem_max  212992 -> 16777216  [net.n1]") <
        at(t, "advisory       net.x9  n = nics[eno1]: n.mtu >= 1500\n      raise the MTU"));
  CHECK(t.find("waived: legacy guest") != std::string::npos);
}

TEST_CASE("plan text: --all lists compliant and not-applicable items too") {
  std::string t = render_plan_text(sample_plan(), {.color = false, .all = true});
  CHECK(t.find("not listed") == std::string::npos);
  size_t mem = at(t, "\nmemory: 1 compliant\n");
  CHECK(at(t, "\nnetwork: ") < mem);
  CHECK(t.find("compliant      net.a3  param.pid_max <= 4194304\n      check passed") !=
        std::string::npos);
  // In an area, the n/a item comes after the change.
  CHECK(at(t, "daemon_json:experimental") < at(t, "not-applicable docker.c1"));
}

TEST_CASE("plan text: booleans are true/false, a missing value is -") {
  std::string t = render_plan_text(sample_plan());
  CHECK(t.find("daemon_json:experimental  - -> false  [docker.c2]") != std::string::npos);
  CHECK(text_plan_value(Json(true)) == "true");
  CHECK(text_plan_value(Json()) == "-");
  CHECK(text_plan_value(Json::array({4096, 65536, 16777216})) == "4096 65536 16777216");
}

TEST_CASE("plan text: colour only when asked") {
  CHECK(render_plan_text(sample_plan()).find('\033') == std::string::npos);
  std::string c = render_plan_text(sample_plan(), {.color = true, .all = false});
  CHECK(c.find("\033[33mchange") != std::string::npos);
  CHECK(c.find("\033[31;1merror") != std::string::npos);
}

TEST_CASE("plan text: an empty plan is the header and a zero summary") {
  Plan p;
  p.profile = "p";
  p.profile_chain = {"p"};
  p.root = "/tmp/snap";
  CHECK(render_plan_text(p) ==
        "plan for profile p (p) on /tmp/snap\n"
        "0 settings: 0 compliant, 0 to change, 0 advisories, 0 waived, 0 n/a, 0 errors\n");
}

}  // namespace vtune
