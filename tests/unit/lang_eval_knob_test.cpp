// A set statement becomes a typed Knob, built from its parts: the right kind, subject and
// field for every target, dotted daemon.json keys kept whole from the rule to the plan item,
// and a knob that comes out malformed caught by the evaluator at the statement.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/lang/evaluate.h"
#include "engine/plan/planner.h"
#include "tests/unit/applier_test_hosts.h"
#include "tests/unit/lang_test_util.h"

namespace vtune {

// doctest prints a Knob that fails a CHECK as its canonical text.
doctest::String toString(const Knob& k) {
  return ("Knob{" + std::string(knob_kind_name(k.kind)) + ", \"" + k.subject + "\", \"" + k.field +
          "\"}")
      .c_str();
}

namespace {

using lang::Evaluation;
using lang::RuleLibrary;

Json host() {
  return Json::parse(R"({
    "nics": [
      {"name": "eno1", "driver": "ixgbe", "speed": 10000000000, "virtual": false, "numa_node": 0,
       "ring": {"rx": 512, "rx_max": 4096}, "features": {"rx-gro": false}},
      {"name": "", "driver": "ixgbe", "speed": null, "virtual": false, "numa_node": 0,
       "ring": {"rx": 512, "rx_max": 4096}, "features": {}}
    ],
    "disks": [{"name": "sda", "rotational": true}]
  })");
}

Evaluation run(const std::string& rules, const Facts& facts) {
  RuleLibrary lib = lang::testing::check(rules);
  REQUIRE_MESSAGE(lib.checked, render_diagnostics(lib.diagnostics, lib.sources));
  return lang::evaluate_all(lib, facts, {});
}

std::string errors_of(const Evaluation& ev) {
  std::string out;
  for (const lang::EvalError& e : ev.errors) out += e.rule + ": " + e.message + "\n";
  return out;
}

TEST_CASE("lang eval: every target kind becomes the right Knob") {
  Facts facts = host();
  Evaluation ev = run(R"(
rule k "every kind" {
  for n in nics where n.name == "eno1"
  for d in disks
  set sysctl "net.core.somaxconn" = 4096
  set sysfs "/sys/block/{d.name}/queue/scheduler" = "none"
  set ethtool(n).ring.rx = 4096
  set ethtool(n).channels.combined = 8
  set ethtool(n).coalesce.rx_usecs = 50
  set ethtool(n).feature."rx-gro" = true
  set irq_affinity(n, 3) = "0-3"
  set rps(n, 0) = "f"
  set rps_flow(n, 12) = 4096
  set xps(n, 1) = "2"
  set modprobe(vmw_pvscsi).cmd_per_lun = 254
  set vmx("/vm/web01.vmx")."scsi0:1.virtualSSD" = true
  set daemon_json."log-opts"."max-size" = "10m"
  set daemon_json."runtimes"."io.containerd.runc.v2"."runtimeType" = "io.containerd.runc.v2"
}
)",
                      facts);
  INFO(errors_of(ev));
  REQUIRE(ev.errors.empty());
  const std::vector<Knob> expected = {
      {KnobKind::Sysctl, "net.core.somaxconn", ""},
      {KnobKind::Sysfs, "/sys/block/sda/queue/scheduler", ""},
      {KnobKind::Ethtool, "eno1", "ring.rx"},
      {KnobKind::Ethtool, "eno1", "channels.combined"},
      {KnobKind::Ethtool, "eno1", "coalesce.rx_usecs"},
      {KnobKind::Ethtool, "eno1", "feature.rx-gro"},
      {KnobKind::IrqAffinity, "eno1", "3"},
      {KnobKind::Rps, "eno1", "0"},
      {KnobKind::RpsFlow, "eno1", "12"},
      {KnobKind::Xps, "eno1", "1"},
      {KnobKind::Modprobe, "vmw_pvscsi", "cmd_per_lun"},
      {KnobKind::Vmx, "/vm/web01.vmx", "scsi0:1.virtualSSD"},
      {KnobKind::DaemonJson, "log-opts.max-size", ""},
      {KnobKind::DaemonJson, "runtimes.io\\.containerd\\.runc\\.v2.runtimeType", ""},
  };
  REQUIRE(ev.settings.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(ev.settings[i].knob == expected[i]);
    // The display form reads back to the same knob: text input (waivers, explain, the
    // journal) names exactly what the evaluator built.
    KnobParse back = parse_knob(format_knob(ev.settings[i].knob));
    REQUIRE_MESSAGE(back, back.error);
    CHECK(*back.knob == expected[i]);
  }
  CHECK(format_knob(ev.settings[11].knob) == "vmx:/vm/web01.vmx:scsi0:1.virtualSSD");
  CHECK(ev.settings[11].value == "TRUE");
  CHECK(daemon_json_path(ev.settings[13].knob.subject) ==
        std::vector<std::string>{"runtimes", "io.containerd.runc.v2", "runtimeType"});
  CHECK(ev.settings[13].json == "io.containerd.runc.v2");
}

TEST_CASE("lang eval: a malformed knob is the rule's error at the set statement") {
  Facts facts = host();
  Evaluation ev = run(R"(
rule nic.ring "rings" {
  for n in nics
  set ethtool(n).ring.rx = 4096
}
rule nic.rps "rps on a name that is too long" {
  set rps("averyveryverylongname", 0) = "f"
}
)",
                      facts);
  // eno1 is fine; the NIC with an empty name (a fact that came back empty) is an error of
  // its rule, not a setting the planner would have to refuse.
  REQUIRE(ev.settings.size() == 1);
  CHECK(ev.settings[0].knob == Knob{KnobKind::Ethtool, "eno1", "ring.rx"});
  REQUIRE(ev.errors.size() == 2);
  const lang::EvalError& empty = ev.errors[0];
  CHECK(empty.rule == "nic.ring");
  CHECK(empty.message.find("invalid knob ethtool::ring.rx") != std::string::npos);
  CHECK(empty.message.find("invalid interface name ''") != std::string::npos);
  CHECK(empty.where.line == 4);  // the set statement
  CHECK(empty.where.column > 0);
  const lang::EvalError& longname = ev.errors[1];
  CHECK(longname.rule == "nic.rps");
  CHECK(longname.message.find("invalid interface name 'averyveryverylongname'") !=
        std::string::npos);
  CHECK(longname.where.line == 7);
}

// The plan item carries the same Knob the rule built, and the daemon_json applier reads the
// key with the dots in it: the value below is found only if the path was not split on them.
TEST_CASE("planner: a dotted daemon.json key round-trips from the rule to the plan item") {
  test::MemoryHost mem;
  mem.facts["docker"] = {{"daemon_json_path", "/etc/docker/daemon.json"}};
  mem.fs.add_file("/etc/docker/daemon.json", R"({
  "runtimes": {"io.containerd.runc.v2": {"runtimeType": "io.containerd.runc.v1"}},
  "io": {"containerd": {"runc": {"v2": {"runtimeType": "decoy"}}}}
})");
  lang::RuleLibrary lib = lang::build_library({{"t.vtr", R"(
rule docker.t-runtime "runc v2" {
  tags [t]
  set daemon_json."runtimes"."io.containerd.runc.v2"."runtimeType" = "io.containerd.runc.v2"
}
)"}});
  REQUIRE_MESSAGE(lib.checked, render_diagnostics(lib.diagnostics, lib.sources));
  Profile profile;
  profile.name = "t";
  profile.chain = {{"t", "t.toml"}};
  profile.tags = {{"t", {}}};
  Plan plan = plan_from_facts({lib, profile, {2027, 1, 1}}, mem.facts, mem.set);
  REQUIRE(plan.items.size() == 1);
  const PlanItem& item = plan.items[0];
  INFO(item.message);
  const Knob want{KnobKind::DaemonJson, "runtimes.io\\.containerd\\.runc\\.v2.runtimeType", ""};
  REQUIRE(item.typed_knob);
  CHECK(*item.typed_knob == want);
  CHECK(item.knob == "daemon_json:runtimes.io\\.containerd\\.runc\\.v2.runtimeType");
  CHECK(item.state == ItemState::Change);
  CHECK(item.current == "io.containerd.runc.v1");
  CHECK(item.desired == "io.containerd.runc.v2");
  // The target is what the applier resolves, and nothing when it cannot (a kind whose write
  // side is not built yet refuses with ENOSYS): never a guess.
  Result<Target> resolved = mem.set.applier_for(KnobKind::DaemonJson).resolve(want);
  CHECK(item.target == (resolved ? resolved->describe : std::string()));
}

}  // namespace
}  // namespace vtune
