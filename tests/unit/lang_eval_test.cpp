#include <doctest/doctest.h>

#include "engine/lang/evaluate.h"
#include "tests/unit/lang_test_util.h"

namespace vtune::lang {
namespace {

using testing::check;
using testing::codes;

Json host() {
  return Json::parse(R"({
    "memory": {"total": 17179869184},
    "virt": {"hypervisor": "vmware", "guest": true},
    "numa": {"nodes": [{"id": 0, "cpus": [0, 1, 2, 3]}, {"id": 1, "cpus": [4, 5, 6, 7]}]},
    "nics": [
      {"name": "eno1", "driver": "ixgbe", "speed": 10000000000, "virtual": false, "numa_node": 1,
       "ring": {"rx": 512, "rx_max": 4096}, "features": {"rx-gro": false}},
      {"name": "eno2", "driver": "e1000", "speed": null, "virtual": false, "numa_node": -1,
       "ring": {"rx": 256, "rx_max": 256}, "features": {}},
      {"name": "veth0", "driver": "veth", "speed": 10000000000, "virtual": true, "numa_node": 0,
       "ring": null, "features": {}}
    ],
    "sysctl": {"vm.swappiness": "60"}
  })");
}

const char* kRules = R"(
param socket_buffer_max = 128MiB
param ring_size = 2048
let fast_link = any(n in nics: n.speed != null and n.speed >= 10Gbit)
rule net.socket-buffers "Raise socket buffers" {
  when fast_link and memory.total >= 8GiB
  set sysctl "net.core.rmem_max" = param.socket_buffer_max
  set sysctl "net.ipv4.tcp_rmem" = [4096, 65536, param.socket_buffer_max]
}
rule nic.rx-ring "Grow RX rings" {
  for n in nics where not n.virtual and n.ring.rx_max != null and n.ring.rx_max > n.ring.rx
  set ethtool(n).ring.rx = min(n.ring.rx_max, param.ring_size)
  set ethtool(n).feature."rx-gro" = true
  set rps(n, 0) = cpumask(local_cpus(n))
}
rule guest.vmxnet3 "Use vmxnet3" {
  for n in nics where virt.hypervisor == "vmware" and n.driver in ["e1000", "e1000e"]
  advise "NIC {n.name} is emulated {n.driver}; memory is {memory.total}"
}
rule vm.swappiness "Swappiness" {
  check int(sysctl."vm.swappiness") <= 10 "vm.swappiness is {sysctl."vm.swappiness"}"
  check nics[1].speed > 1Gbit "slow"
}
rule never "Never" {
  when virt.hypervisor == "kvm"
  advise "x"
}
rule broken "Divides by zero" {
  for n in nics where n.name == "eno1"
  set sysctl "x.y" = n.ring.rx / (n.ring.rx - 512)
  set sysctl "x.z" = n.speed
}
)";

TEST_CASE("lang eval: settings, advisories, checks, reasons") {
  RuleLibrary lib = check(kRules);
  REQUIRE_MESSAGE(lib.checked, render_diagnostics(lib.diagnostics, lib.sources));
  Facts facts = host();
  Evaluation ev = evaluate_all(lib, facts, {});

  REQUIRE(ev.settings.size() == 6);
  // Rules run in id order: broken, guest.vmxnet3, net.socket-buffers, never, nic.rx-ring, ...
  CHECK(format_knob(ev.settings[0].knob) == "sysctl:x.z");
  CHECK(ev.settings[0].value == "10000000000");
  CHECK(format_knob(ev.settings[1].knob) == "sysctl:net.core.rmem_max");
  CHECK(ev.settings[1].value == "134217728");
  CHECK(ev.settings[1].json == 134217728);
  CHECK(ev.settings[1].reasons ==
        std::vector<std::string>{"nics[eno1].speed = 10Gbit", "memory.total = 16GiB"});
  CHECK(format_knob(ev.settings[2].knob) == "sysctl:net.ipv4.tcp_rmem");
  CHECK(ev.settings[2].value == "4096 65536 134217728");
  CHECK(ev.settings[2].json == Json::parse("[4096, 65536, 134217728]"));
  CHECK(format_knob(ev.settings[3].knob) == "ethtool:eno1:ring.rx");
  CHECK(ev.settings[3].value == "2048");
  CHECK(ev.settings[3].rule == "nic.rx-ring");
  CHECK(ev.settings[3].reasons == std::vector<std::string>{"nics[eno1].virtual = false",
                                                           "nics[eno1].ring.rx_max = 4096",
                                                           "nics[eno1].ring.rx = 512"});
  CHECK(format_knob(ev.settings[4].knob) == "ethtool:eno1:feature.rx-gro");
  CHECK(ev.settings[4].value == "on");
  CHECK(format_knob(ev.settings[5].knob) == "rps:eno1:0");
  CHECK(ev.settings[5].value == "f0");

  REQUIRE(ev.advisories.size() == 1);
  CHECK(ev.advisories[0].text == "NIC eno2 is emulated e1000; memory is 16GiB");
  CHECK(ev.advisories[0].reasons ==
        std::vector<std::string>{"virt.hypervisor = \"vmware\"", "nics[eno2].driver = \"e1000\""});

  REQUIRE(ev.checks.size() == 2);
  CHECK(!ev.checks[0].passed);
  CHECK(ev.checks[0].decided);
  CHECK(ev.checks[0].message == "vm.swappiness is 60");
  CHECK(!ev.checks[1].passed);  // a null speed makes the comparison false
  CHECK(ev.checks[1].message == "slow");

  REQUIRE(ev.errors.size() == 1);
  CHECK(ev.errors[0].rule == "broken");
  CHECK(ev.errors[0].message.find("division by zero") != std::string::npos);
  CHECK(ev.not_applicable == std::vector<std::string>{"never"});
}

TEST_CASE("lang eval: params override defaults; selection and determinism") {
  RuleLibrary lib = check(kRules);
  REQUIRE(lib.checked);
  Facts facts = host();
  ParamValues params{{"ring_size", 1024}, {"socket_buffer_max", 268435456}};
  std::vector<std::string> ids{"nic.rx-ring", "net.socket-buffers", "nope"};
  Evaluation ev = evaluate(lib, facts, params, ids);
  REQUIRE(ev.settings.size() == 5);
  CHECK(ev.settings[0].value == "268435456");
  CHECK(ev.settings[2].value == "1024");
  REQUIRE(ev.errors.size() == 1);
  CHECK(ev.errors[0].rule == "nope");
  Evaluation again = evaluate(lib, facts, params, ids);
  REQUIRE(again.settings.size() == ev.settings.size());
  for (size_t i = 0; i < ev.settings.size(); ++i)
    CHECK(again.settings[i].knob == ev.settings[i].knob);
}

TEST_CASE("lang eval: bounds travel with the setting, one per element") {
  RuleLibrary lib = check(R"(
param local_port_range = [1024, 65535]
rule net.b "bounds" {
  set sysctl "net.core.somaxconn" >= 65535
  set sysctl "net.ipv4.tcp_rmem" >= [4096, 65536, 16MiB]
  set sysctl "net.ipv4.tcp_fin_timeout" <= 15
  set sysctl "net.ipv4.ip_local_port_range" covers param.local_port_range
  set sysctl "vm.swappiness" = 10
}
)");
  REQUIRE_MESSAGE(lib.checked, render_diagnostics(lib.diagnostics, lib.sources));
  Evaluation ev = evaluate_all(lib, host(), {});
  REQUIRE(ev.settings.size() == 5);
  CHECK(ev.settings[0].bounds == Bounds{Bound::AtLeast});
  CHECK(ev.settings[0].json == 65535);
  CHECK(ev.settings[1].bounds == Bounds(3, Bound::AtLeast));
  CHECK(ev.settings[1].value == "4096 65536 16777216");
  CHECK(ev.settings[2].bounds == Bounds{Bound::AtMost});
  CHECK(ev.settings[3].bounds == Bounds{Bound::AtMost, Bound::AtLeast});
  CHECK(ev.settings[3].json == Json::parse("[1024, 65535]"));
  CHECK(ev.settings[4].bounds.empty());
  CHECK(ev.errors.empty());

  // A covers value that is not a pair is an evaluation error for that statement.
  Evaluation bad = evaluate_all(lib, host(), {{"local_port_range", Json::parse("[1, 2, 3]")}});
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].message.find("covers") != std::string::npos);
}

TEST_CASE("lang eval: % is the integer remainder; a rule-local let binds once per item") {
  RuleLibrary lib = check(R"(
rule nic.l "let" {
  for n in nics where not n.virtual
  let local = local_cpus(n) ?? cpus_of(0) where len(local) > 2
  for i in range(6)
  set rps_flow(n, i) = local[i % len(local)]
}
rule nic.z "remainder by zero" {
  set sysctl "x.zero" = 7 % (len(nics) - 3)
  set sysctl "x.neg" = -7 % 3
}
)");
  REQUIRE_MESSAGE(lib.checked, render_diagnostics(lib.diagnostics, lib.sources));
  Evaluation ev = evaluate_all(lib, host(), {});
  // eno1 is on node 1 (cpus 4-7); eno2's node -1 is unknown, so node 0's cpus (0-3).
  std::vector<std::string> got;
  for (const Setting& s : ev.settings) got.push_back(format_knob(s.knob) + "=" + s.value);
  CHECK(got ==
        std::vector<std::string>{"rps_flow:eno1:0=4", "rps_flow:eno1:1=5", "rps_flow:eno1:2=6",
                                 "rps_flow:eno1:3=7", "rps_flow:eno1:4=4", "rps_flow:eno1:5=5",
                                 "rps_flow:eno2:0=0", "rps_flow:eno2:1=1", "rps_flow:eno2:2=2",
                                 "rps_flow:eno2:3=3", "rps_flow:eno2:4=0", "rps_flow:eno2:5=1",
                                 "sysctl:x.neg=-1"});
  REQUIRE(ev.errors.size() == 1);
  CHECK(ev.errors[0].message.find("division by zero") != std::string::npos);

  // The let's `where` filters like a for's: a node with two CPUs is skipped.
  Json small = host();
  small["numa"]["nodes"][1]["cpus"] = Json::parse("[4, 5]");
  Evaluation few = evaluate_all(lib, small, {});
  CHECK(std::none_of(few.settings.begin(), few.settings.end(), [](const Setting& s) {
    return format_knob(s.knob).starts_with("rps_flow:eno1");
  }));
}

TEST_CASE("lang eval: null handling") {
  RuleLibrary lib = check(R"(
rule a "t" {
  for n in nics where n.name == "eno2"
  set sysctl "a.speed" = n.speed ?? 1Gbit
  set sysctl "a.null" = n.speed
  check n.speed == null "speed unknown"
  check n.speed > 1Gbit or true "or with unknown"
  check n.speed > 1Gbit and n.speed < 1Gbit "and with false"
  check not (n.speed * 2 > 0) "arithmetic on null is null, comparisons false"
}
)");
  REQUIRE_MESSAGE(lib.checked, render_diagnostics(lib.diagnostics, lib.sources));
  Facts facts = host();
  Evaluation ev = evaluate_all(lib, facts, {});
  REQUIRE(ev.settings.size() == 1);
  CHECK(ev.settings[0].value == "1000000000");
  REQUIRE(ev.errors.size() == 1);
  CHECK(ev.errors[0].message.find("null") != std::string::npos);
  REQUIRE(ev.checks.size() == 4);
  CHECK(ev.checks[0].passed);
  CHECK(ev.checks[1].passed);
  CHECK(!ev.checks[2].passed);
  CHECK(ev.checks[3].passed);
}

TEST_CASE("lang eval: ints() splits multi-value sysctls") {
  RuleLibrary lib = check(R"(
rule a "t" {
  set sysctl "a.max" = max(ints("4096\t131072  6291456\n"))
  set sysctl "a.len" = len(ints(""))
  check ints("1 x 3") == null "a word that is not an integer gives null"
  check ints(sysctl."no.such.key") == null "null in, null out"
  check ints("4096 87380 6291456")[1] == 87380 "indexes"
}
)");
  REQUIRE_MESSAGE(lib.checked, render_diagnostics(lib.diagnostics, lib.sources));
  Facts facts = host();
  Evaluation ev = evaluate_all(lib, facts, {});
  REQUIRE(ev.settings.size() == 2);
  CHECK(ev.settings[0].value == "6291456");
  CHECK(ev.settings[1].value == "0");
  REQUIRE(ev.checks.size() == 3);
  for (const auto& c : ev.checks) CHECK_MESSAGE(c.passed, c.message);
  CHECK(ev.errors.empty());

  RuleLibrary wrong = check("rule b \"t\" { check len(ints(3)) == 1 \"x\" }");
  CHECK_FALSE(wrong.checked);
  CHECK(codes(wrong).find("VT0106") != std::string::npos);
}

TEST_CASE("lang eval: .vmx keys interpolate, and are checked after interpolation") {
  RuleLibrary lib = check(R"(
rule a "t" {
  for i in [0, 2]
  set vmx("/vm/a.vmx")."ethernet{i}.virtualDev" = "vmxnet3"
}
rule b "t" {
  for k in ["../etc/x"]
  set vmx("/vm/a.vmx")."{k}" = true
}
)");
  REQUIRE_MESSAGE(lib.checked, render_diagnostics(lib.diagnostics, lib.sources));
  Facts facts = host();
  Evaluation ev = evaluate_all(lib, facts, {});
  REQUIRE(ev.settings.size() == 2);
  CHECK(format_knob(ev.settings[0].knob) == "vmx:/vm/a.vmx:ethernet0.virtualDev");
  CHECK(format_knob(ev.settings[1].knob) == "vmx:/vm/a.vmx:ethernet2.virtualDev");
  CHECK(ev.settings[1].value == "vmxnet3");
  REQUIRE(ev.errors.size() == 1);
  CHECK(ev.errors[0].message.find("invalid .vmx key \"../etc/x\"") != std::string::npos);
}

TEST_CASE("lang eval: missing facts never crash") {
  RuleLibrary lib = check(kRules);
  REQUIRE(lib.checked);
  for (const char* json : {"{}", R"({"nics": null})", R"({"nics": [null, 3, {"name": 5}]})",
                           R"({"memory": {"total": "lots"}, "nics": {"a": 1}})"}) {
    CAPTURE(json);
    Facts facts = Json::parse(json);
    Evaluation ev = evaluate_all(lib, facts, {});
    CHECK(ev.settings.empty());
  }
}

TEST_CASE("lang eval: a check says what it checked, with its loop bindings") {
  RuleLibrary lib = check(R"(
rule net.limits "Limits" {
  check param.a <= 10 "a too big"
  check (param.a >= 1) and (param.a <= param.b) "a out of range"
}
rule nic.mtu "MTU" {
  for n in nics where not n.virtual
  for cpus in [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]]
  check len(cpus) > 0 "{n.name} has CPUs"
}
param a = 5
param b = 8
)");
  REQUIRE_MESSAGE(lib.checked, render_diagnostics(lib.diagnostics, lib.sources));
  Facts facts = host();
  Evaluation ev = evaluate_all(lib, facts, {});
  REQUIRE(ev.checks.size() == 4);
  // Two checks of one rule are told apart by their expressions, without the outer brackets.
  CHECK(ev.checks[0].subject == "param.a <= 10");
  CHECK(ev.checks[1].subject == "(param.a >= 1) and (param.a <= param.b)");
  // In a loop, by the item each ran for; a computed list is cut short.
  CHECK(ev.checks[2].subject ==
        "n = nics[eno1], cpus = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11...: len(cpus) > 0");
  CHECK(ev.checks[3].subject.rfind("n = nics[eno2], ", 0) == 0);
}

}  // namespace
}  // namespace vtune::lang
