// vtune diff's comparison (engine/audit/snapshot_diff.h) and its text and JSON forms.
#include <doctest/doctest.h>

#include "engine/audit/diff_report.h"
#include "engine/audit/snapshot_diff.h"

namespace vtune {
namespace {

const FactDifference* find(const std::vector<FactDifference>& d, const std::string& path) {
  for (const FactDifference& f : d)
    if (f.path == path) return &f;
  return nullptr;
}

PlanItem setting(const std::string& rule, const std::string& knob, ItemState s, Json current,
                 Json desired) {
  PlanItem i;
  i.rule = rule;
  i.knob = knob;
  i.state = s;
  i.current = std::move(current);
  i.desired = std::move(desired);
  return i;
}

}  // namespace

TEST_CASE("diff facts: leaves by path, named elements by name, one row per missing subtree") {
  Json a = Json::parse(R"({
    "kernel": {"release": "6.1.0-18-amd64", "cmdline": ["quiet", "iommu=pt"]},
    "sysctl": {"net.core.somaxconn": "4096", "vm.swappiness": "60"},
    "nics": [{"name": "eno1", "mtu": 1500, "queues": 64}, {"name": "eno2", "mtu": 1500}],
    "cpus": [{"id": 0, "mhz": 2000}],
    "same": {"x": 1}
  })");
  Json b = Json::parse(R"({
    "kernel": {"release": "6.1.0-21-amd64", "cmdline": ["quiet"]},
    "sysctl": {"net.core.somaxconn": "4096", "vm.swappiness": "10", "vm.new": "1"},
    "nics": [{"name": "eno1", "mtu": 9000, "queues": 64}, {"name": "eth9", "mtu": 1500}],
    "cpus": [{"id": 0, "mhz": 2400}, {"id": 1, "mhz": 2400}],
    "same": {"x": 1}
  })");
  std::vector<FactDifference> d = diff_facts(a, b);
  REQUIRE(find(d, "kernel.release"));
  CHECK(find(d, "kernel.release")->a == Json("6.1.0-18-amd64"));
  CHECK(find(d, "kernel.release")->b == Json("6.1.0-21-amd64"));
  // A list of scalars is one value.
  REQUIRE(find(d, "kernel.cmdline"));
  CHECK(find(d, "kernel.cmdline")->a == Json::array({"quiet", "iommu=pt"}));
  // Keys that are no identifiers are quoted, as rules write them.
  CHECK(find(d, "sysctl.\"vm.swappiness\""));
  CHECK(!find(d, "sysctl.\"net.core.somaxconn\""));
  REQUIRE(find(d, "sysctl.\"vm.new\""));
  CHECK(!find(d, "sysctl.\"vm.new\"")->a);
  // NICs by name: eno1's mtu differs, eno2 and eth9 exist on one side only (one row each).
  REQUIRE(find(d, "nics[eno1].mtu"));
  CHECK(find(d, "nics[eno1].mtu")->b == Json(9000));
  CHECK(!find(d, "nics[eno1].queues"));
  REQUIRE(find(d, "nics[eno2]"));
  CHECK(!find(d, "nics[eno2]")->b);
  CHECK(!find(d, "nics[eno2].mtu"));
  CHECK(find(d, "nics[eth9]"));
  // Objects without names by index.
  CHECK(find(d, "cpus[0].mhz"));
  CHECK(find(d, "cpus[1]"));
  CHECK(!find(d, "same.x"));
  CHECK(diff_facts(a, a).empty());
}

TEST_CASE("diff plans: items matched by rule and knob; state or value changes are listed") {
  Plan a, b;
  a.items = {setting("net.r1", "sysctl:net.core.somaxconn", ItemState::Change, 4096, 65535),
             setting("net.r2", "sysctl:net.core.rmem_max", ItemState::Compliant, 1, 1),
             setting("net.r3", "sysctl:vm.swappiness", ItemState::Change, 60, 10)};
  b.items = {setting("net.r1", "sysctl:net.core.somaxconn", ItemState::Compliant, 65535, 65535),
             setting("net.r2", "sysctl:net.core.rmem_max", ItemState::Compliant, 1, 1),
             setting("net.r4", "sysctl:vm.dirty_ratio", ItemState::Change, 20, 10)};
  PlanItem check;
  check.rule = "numa.c";
  check.subject = "n = nics[eno1]: n.mtu >= 1500";
  check.state = ItemState::Advisory;
  a.items.push_back(check);
  check.state = ItemState::Compliant;
  b.items.push_back(check);
  std::vector<SettingDifference> d = diff_plans(a, b);
  REQUIRE(d.size() == 4);
  CHECK(d[0].rule == "net.r1");
  CHECK(d[0].a->state == ItemState::Change);
  CHECK(d[0].b->state == ItemState::Compliant);
  CHECK(d[0].a->current == Json(4096));
  CHECK(d[1].rule == "net.r3");
  CHECK(!d[1].b);
  CHECK(d[2].rule == "net.r4");
  CHECK(!d[2].a);
  CHECK(d[3].rule == "numa.c");
  CHECK(d[3].subject == "n = nics[eno1]: n.mtu >= 1500");
  CHECK(diff_plans(a, a).empty());

  SnapshotDiff diff;
  diff.a_path = "/a";
  diff.b_path = "/b";
  diff.profile = "web";
  diff.settings = d;
  diff.facts = {{"kernel.release", Json("6.1"), Json("6.2")},
                {"nics[eth9]", std::nullopt, Json::object()}};
  std::string text = render_diff_text(diff);
  CHECK(text.find("2 facts differ:") != std::string::npos);
  CHECK(text.find("kernel.release") != std::string::npos);
  CHECK(text.find("(absent)") != std::string::npos);
  CHECK(text.find("4 planned items differ for profile web:") != std::string::npos);
  CHECK(text.find("A: change 4096 -> 65535") != std::string::npos);
  CHECK(text.find("B: compliant 65535 -> 65535") != std::string::npos);
  CHECK(text.find("B: (no item)") != std::string::npos);
  Json j = diff_to_json(diff);
  CHECK(j["command"] == "diff");
  CHECK(j["summary"]["facts"] == 2);
  CHECK(j["summary"]["settings"] == 4);
  CHECK(j["facts"][1]["only_in"] == "b");
  CHECK(j["facts"][0]["only_in"].is_null());
  CHECK(j["settings"][0]["a"]["state"] == "change");
  CHECK(j["settings"][1]["b"].is_null());
}

}  // namespace vtune
