// The planner on fixture hosts: item states, waivers (live and expired), conflicts resolved by
// priority, the tcp_rmem/rmem_max coupling, sysctl provenance, deterministic order.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/core/host_fs.h"
#include "engine/facts/host_backend.h"
#include "engine/lang/library.h"
#include "engine/plan/planner.h"
#include "engine/profile/profile_loader.h"
#include "engine/profile/validate.h"

namespace vtune {
namespace {

const lang::RuleLibrary& stock_library() {
  static const lang::RuleLibrary lib = [] {
    const std::string dir = std::string(VTUNE_SOURCE_DIR) + "/rules";
    Result<lang::RuleLibrary> loaded = lang::load_library(std::span<const std::string>(&dir, 1));
    REQUIRE_MESSAGE(loaded.ok(), "cannot read " << dir);
    REQUIRE(loaded->checked);
    return std::move(loaded).value();
  }();
  return lib;
}

// A profile from the planner fixtures or the stock profiles, validated against the library.
Profile load_profile(const std::string& name) {
  std::unique_ptr<HostFs> fs = make_disk_host_fs("/");
  ProfileLoader loader(*fs, {std::string(VTUNE_FIXTURES_DIR) + "/profiles/planner",
                             std::string(VTUNE_SOURCE_DIR) + "/profiles"});
  Diagnostics d;
  std::optional<Profile> p = loader.load(name, d);
  REQUIRE(p);
  validate_profile(*p, lang::param_specs(stock_library()), lang::rule_summaries(stock_library()),
                   d);
  INFO(render_diagnostics(d, loader.sources()));
  REQUIRE_FALSE(d.has_errors());
  return *p;
}

Plan plan_on(const std::string& host, const lang::RuleLibrary& lib, const Profile& profile,
             Date today = {2027, 1, 1}) {
  std::string root = std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + host;
  HostBackend backend(root);
  Warnings warnings;
  return build_plan({lib, profile, today}, backend.host(), {}, root, warnings);
}

const PlanItem* find_item(const Plan& plan, std::string_view knob) {
  for (const PlanItem& i : plan.items)
    if (i.knob == knob) return &i;
  return nullptr;
}

TEST_CASE("planner: baremetal-2s with high-concurrency-web") {
  Plan plan = plan_on("baremetal-2s", stock_library(), load_profile("high-concurrency-web"));
  CHECK(plan.profile == "high-concurrency-web");
  CHECK(plan.profile_chain == std::vector<std::string>{"base", "high-concurrency-web"});
  CHECK(plan.rules_selected > 0);
  CHECK(plan.rules_applicable <= plan.rules_selected);

  // The fixture's somaxconn is 4096; the profile wants 65535.
  const PlanItem* somaxconn = find_item(plan, "sysctl:net.core.somaxconn");
  REQUIRE(somaxconn);
  CHECK(somaxconn->state == ItemState::Change);
  CHECK(somaxconn->rule == "net.n2-somaxconn");
  CHECK(somaxconn->area == "network");
  CHECK(somaxconn->current == "4096");
  CHECK(somaxconn->desired == 65535);

  // Every setting item has a current value or an error saying why not; every item a rule.
  for (const PlanItem& i : plan.items) {
    CHECK_FALSE(i.rule.empty());
    if (!i.knob.empty() && i.state != ItemState::Error) CHECK_FALSE(i.current.is_null());
    if (i.state == ItemState::Error) CHECK_FALSE(i.message.empty());
  }
  CHECK(plan_exit_code(plan) != 0);
}

TEST_CASE("planner: items are ordered by area, rule id, knob") {
  Plan plan = plan_on("kvm-host", stock_library(), load_profile("virtualization-host"));
  REQUIRE_FALSE(plan.items.empty());
  CHECK(std::is_sorted(plan.items.begin(), plan.items.end(),
                       [](const PlanItem& a, const PlanItem& b) {
                         return std::tie(a.area, a.rule, a.knob) < std::tie(b.area, b.rule, b.knob);
                       }));
  // Every selected rule that produced nothing has exactly one not-applicable item.
  for (const PlanItem& i : plan.items)
    if (i.state == ItemState::NotApplicable) {
      CHECK(i.knob.empty());
      CHECK(std::count_if(plan.items.begin(), plan.items.end(),
                          [&](const PlanItem& o) { return o.rule == i.rule; }) == 1);
    }
}

TEST_CASE("planner: sysctl provenance names the winning file and the conflicting one") {
  Plan plan = plan_on("baremetal-2s", stock_library(), load_profile("high-concurrency-web"));
  const PlanItem* somaxconn = find_item(plan, "sysctl:net.core.somaxconn");
  REQUIRE(somaxconn);
  REQUIRE(somaxconn->provenance);
  const Provenance& p = *somaxconn->provenance;
  CHECK(p.runtime == "4096");
  CHECK(p.persisted == std::optional<std::string>("4096"));
  CHECK(p.persisted_file == "/etc/sysctl.d/90-local.conf");
  CHECK(p.persisted_line == 2);
  REQUIRE(p.conflicts.size() == 1);
  CHECK(p.conflicts[0].find("/etc/sysctl.d/10-tuning.conf:") == 0);
  CHECK(p.conflicts[0].find("sets 1024") != std::string::npos);
  // Runtime and persisted both hold 4096, both wrong: no reboot drift.
  CHECK_FALSE(p.reboot_drift);
}

TEST_CASE("planner: a waiver holds until its date, then the item says it expired") {
  Profile profile = load_profile("waived");
  Plan before = plan_on("baremetal-2s", stock_library(), profile, {2027, 6, 30});
  const PlanItem* waived = find_item(before, "sysctl:net.core.somaxconn");
  REQUIRE(waived);
  CHECK(waived->state == ItemState::Waived);
  CHECK(waived->waiver_reason.find("OPS-2231") != std::string::npos);
  CHECK(waived->waiver_expires == std::optional<std::string>("2027-06-30"));
  CHECK_FALSE(waived->waiver_expired);
  // The waiver names one knob: the rule's other items are not waived.
  const PlanItem* backlog = find_item(before, "sysctl:net.ipv4.tcp_max_syn_backlog");
  REQUIRE(backlog);
  CHECK(backlog->state != ItemState::Waived);

  Plan after = plan_on("baremetal-2s", stock_library(), profile, {2027, 7, 1});
  const PlanItem* expired = find_item(after, "sysctl:net.core.somaxconn");
  REQUIRE(expired);
  CHECK(expired->state == ItemState::Change);
  CHECK(expired->waiver_expired);
  CHECK(expired->message.find("waiver expired on 2027-06-30") != std::string::npos);
  CHECK(after.counts().waived + 1 == before.counts().waived);
}

TEST_CASE("planner: the higher priority wins a conflict, and the loser is recorded") {
  Plan plan = plan_on("baremetal-2s", stock_library(), load_profile("conflict"));
  const std::string knob = "sysfs:/sys/kernel/mm/transparent_hugepage/enabled";
  auto it = std::find_if(plan.conflicts.begin(), plan.conflicts.end(),
                         [&](const ResolvedConflict& c) { return c.knob == knob; });
  REQUIRE(it != plan.conflicts.end());
  CHECK(it->winner_rule == "mem.m1-thp-never");
  CHECK(it->loser_rule == "mem.m1-thp-madvise");
  CHECK(it->winner_value == "never");
  CHECK(it->loser_value == "madvise");
  CHECK(it->why == "priority 20 > 10");
  // Only the winner's item is kept.
  CHECK(std::count_if(plan.items.begin(), plan.items.end(),
                      [&](const PlanItem& i) { return i.knob == knob; }) == 1);
  CHECK(find_item(plan, knob)->rule == "mem.m1-thp-never");
}

lang::RuleLibrary custom_library(const std::string& text) {
  lang::RuleLibrary lib = lang::build_library({{"t.vtr", text}});
  INFO(render_diagnostics(lib.diagnostics, lib.sources));
  REQUIRE(lib.checked);
  return lib;
}

Profile tagged(const std::string& tag) {
  Profile p;
  p.name = "t";
  p.chain = {{"t", "t.toml"}};
  p.tags = {{tag, {}}};
  return p;
}

// The stock rules set tcp_rmem and rmem_max from one parameter, and their own checks keep the
// parameters ordered, so no stock profile can break the coupling: a rule that raises only
// tcp_rmem can.
TEST_CASE("planner: tcp_rmem's max above rmem_max is an error naming both knobs") {
  lang::RuleLibrary lib = custom_library(R"(
rule net.t-rmem-only "Raise only tcp_rmem" {
  severity low
  tags [t]
  set sysctl "net.ipv4.tcp_rmem" = [4096, 131072, 1073741824]
}
)");
  Plan plan = plan_on("baremetal-2s", lib, tagged("t"));
  const PlanItem* rmem = find_item(plan, "sysctl:net.ipv4.tcp_rmem");
  REQUIRE(rmem);
  CHECK(rmem->state == ItemState::Error);
  CHECK(rmem->message.find("net.ipv4.tcp_rmem") != std::string::npos);
  CHECK(rmem->message.find("net.core.rmem_max") != std::string::npos);
  CHECK(rmem->message.find("1073741824") != std::string::npos);
  CHECK(plan_exit_code(plan) == 1);
}

TEST_CASE("planner: apply_bounds moves only the violating elements") {
  Bounds floors(3, Bound::AtLeast);
  Json bound = Json::parse("[4096, 65536, 16777216]");
  BoundOutcome low = apply_bounds(Json("4096\t16384\t4194304"), bound, floors);
  CHECK_FALSE(low.compliant);
  CHECK(low.desired == Json::parse("[4096, 65536, 16777216]"));
  CHECK(low.message ==
        "16384 < 65536: raised to the floor; 4194304 < 16777216: raised to the floor");
  BoundOutcome high = apply_bounds(Json("4096 131072 33554432"), bound, floors);
  CHECK(high.compliant);
  CHECK(high.desired == Json::parse("[4096, 131072, 33554432]"));
  // Unknown, unreadable or of another shape: the bound itself is desired.
  CHECK(apply_bounds(Json(), bound, floors).desired == bound);
  CHECK_FALSE(apply_bounds(Json(), bound, floors).compliant);
  CHECK(apply_bounds(Json("4096 65536"), bound, floors).desired == bound);
  CHECK(apply_bounds(Json("auto"), Json(15), {Bound::AtMost}).desired == 15);
  // Scalars keep their shape; a JSON number (daemon.json) compares as a number.
  BoundOutcome fin = apply_bounds(Json("60"), Json(15), {Bound::AtMost});
  CHECK(fin.desired == 15);
  CHECK(fin.message == "60 > 15: lowered to the ceiling");
  CHECK(apply_bounds(Json(1048576), Json(65536), {Bound::AtLeast}).compliant);
  // covers [1024, 65535]: low <= 1024, high >= 65535.
  Bounds covers{Bound::AtMost, Bound::AtLeast};
  BoundOutcome ports = apply_bounds(Json("1024 60999"), Json::parse("[1024, 65535]"), covers);
  CHECK(ports.desired == Json::parse("[1024, 65535]"));
  CHECK(satisfies_bounds(Json("1000 65535"), Json::parse("[1024, 65535]"), covers));
  CHECK_FALSE(satisfies_bounds(Json("2000 65535"), Json::parse("[1024, 65535]"), covers));
  CHECK(bound_text(covers, Json::parse("[1024, 65535]")) == "<= 1024, >= 65535");
  CHECK(bounds_to_json(covers) == Json::parse(R"(["at_most", "at_least"])"));
  CHECK(bounds_to_json({}) == "eq");
}

// The defect: on this VM the web profile lowered tcp_rmem from 4096 131072 33554432 to
// 4096 65536 16777216. A floor keeps every element the host already has above its bound.
TEST_CASE("planner: floors never lower a host's larger values (this-machine, web)") {
  Plan plan = plan_on("this-machine", stock_library(), load_profile("high-concurrency-web"));
  const PlanItem* rmem = find_item(plan, "sysctl:net.ipv4.tcp_rmem");
  REQUIRE(rmem);
  CHECK(rmem->state == ItemState::Compliant);
  CHECK(rmem->desired == Json::parse("[4096, 131072, 33554432]"));
  CHECK(rmem->bound == Bounds(3, Bound::AtLeast));
  CHECK(rmem->bound_value == Json::parse("[4096, 65536, 16777216]"));
  CHECK(rmem->message.find("33554432 >= 16777216") != std::string::npos);

  // tcp_wmem 4096 16384 4194304: only the elements below their floor move.
  const PlanItem* wmem = find_item(plan, "sysctl:net.ipv4.tcp_wmem");
  REQUIRE(wmem);
  CHECK(wmem->state == ItemState::Change);
  CHECK(wmem->desired == Json::parse("[4096, 65536, 16777216]"));
  CHECK(wmem->message.find("16384 < 65536: raised to the floor") != std::string::npos);

  // rmem_max 4194304 is raised to the floor, and on to tcp_rmem's max so the pair stays
  // coupled (tcp_rmem's max may not exceed rmem_max) without lowering tcp_rmem.
  const PlanItem* rmem_max = find_item(plan, "sysctl:net.core.rmem_max");
  REQUIRE(rmem_max);
  CHECK(rmem_max->state == ItemState::Change);
  CHECK(rmem_max->desired == 33554432);
  CHECK(rmem_max->message.find("net.ipv4.tcp_rmem") != std::string::npos);

  // A ceiling: tcp_fin_timeout <= 10 (the profile's value) against the kernel's 60.
  const PlanItem* fin = find_item(plan, "sysctl:net.ipv4.tcp_fin_timeout");
  REQUIRE(fin);
  CHECK(fin->bound == Bounds{Bound::AtMost});
  // A range the host's ports must cover: low <= 1024, high >= 65535.
  const PlanItem* ports = find_item(plan, "sysctl:net.ipv4.ip_local_port_range");
  REQUIRE(ports);
  CHECK(ports->bound == Bounds{Bound::AtMost, Bound::AtLeast});
  for (const PlanItem& i : plan.items)
    if (i.knob == "sysctl:net.ipv4.tcp_rmem" || i.knob == "sysctl:net.ipv4.tcp_wmem")
      CHECK(i.state != ItemState::Error);
}

TEST_CASE("planner: two floors on one knob combine; a floor against a value still conflicts") {
  lang::RuleLibrary lib = custom_library(R"(
rule net.t-a "A" {
  severity low
  tags [t]
  set sysctl "net.core.somaxconn" >= 1000
  set sysctl "net.ipv4.tcp_rmem" >= [4096, 262144, 4096]
}
rule net.t-b "B" {
  severity low
  tags [t]
  set sysctl "net.core.somaxconn" >= 70000
  set sysctl "net.ipv4.tcp_rmem" >= [4096, 65536, 8388608]
}
rule net.t-c "C" {
  severity low
  tags [t]
  set sysctl "net.core.netdev_max_backlog" >= 1000
}
rule net.t-d "D" {
  severity low
  tags [t]
  set sysctl "net.core.netdev_max_backlog" = 500
}
)");
  Plan plan = plan_on("baremetal-2s", lib, tagged("t"));
  std::vector<const PlanItem*> somax;
  for (const PlanItem& i : plan.items)
    if (i.knob == "sysctl:net.core.somaxconn") somax.push_back(&i);
  REQUIRE(somax.size() == 2);  // one finding per rule, both against the combined floor
  for (const PlanItem* i : somax) CHECK(i->desired == 70000);
  CHECK(std::none_of(plan.conflicts.begin(), plan.conflicts.end(), [](const ResolvedConflict& c) {
    return c.knob == "sysctl:net.core.somaxconn" || c.knob == "sysctl:net.ipv4.tcp_rmem";
  }));
  // Per element: the larger floor of each field.
  const PlanItem* rmem = find_item(plan, "sysctl:net.ipv4.tcp_rmem");
  REQUIRE(rmem);
  CHECK(rmem->bound_value == Json::parse("[4096, 262144, 8388608]"));
  // A floor and an exact value compete as two values do.
  CHECK(std::any_of(plan.conflicts.begin(), plan.conflicts.end(), [](const ResolvedConflict& c) {
    return c.knob == "sysctl:net.core.netdev_max_backlog";
  }));
}

TEST_CASE("planner: same priority, the later rule id wins; a check becomes compliant or advisory") {
  lang::RuleLibrary lib = custom_library(R"(
rule net.t-a "A" {
  severity low
  tags [t]
  set sysctl "net.core.somaxconn" = 1000
  check 1 > 2 "one is not above two"
}
rule net.t-b "B" {
  severity low
  tags [t]
  set sysctl "net.core.somaxconn" = 2000
  check 2 > 1 "never shown"
}
)");
  Plan plan = plan_on("baremetal-2s", lib, tagged("t"));
  REQUIRE(plan.conflicts.size() == 1);
  CHECK(plan.conflicts[0].winner_rule == "net.t-b");
  CHECK(plan.conflicts[0].loser_rule == "net.t-a");
  const PlanItem* failed = nullptr;
  const PlanItem* passed = nullptr;
  for (const PlanItem& i : plan.items) {
    if (i.rule == "net.t-a" && i.knob.empty()) failed = &i;
    if (i.rule == "net.t-b" && i.knob.empty()) passed = &i;
  }
  REQUIRE(failed);
  REQUIRE(passed);
  CHECK(failed->state == ItemState::Advisory);
  CHECK(failed->message == "one is not above two");
  CHECK(passed->state == ItemState::Compliant);
}

TEST_CASE("planner: rule areas come from the id prefix") {
  CHECK(rule_area("net.n2-somaxconn") == "network");
  CHECK(rule_area("nic.ring-size") == "network");
  CHECK(rule_area("docker.log-rotation") == "containers");
  CHECK(rule_area("mem.m1-thp-never") == "memory");
  CHECK(rule_area("weird") == "other");
}

}  // namespace
}  // namespace vtune
