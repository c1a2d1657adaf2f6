#include <doctest/doctest.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include <regex>

#include "engine/lang/grammar.h"
#include "engine/lang/parser.h"
#include "engine/lang/printer.h"

namespace vtune::lang {
namespace {

std::string parse_print(const std::string& text, Diagnostics* out_diags = nullptr) {
  RuleFile f;
  Diagnostics d;
  bool ok = parse_file(text, "t.vtr", 0, f, d);
  if (out_diags) *out_diags = d;
  return ok ? print_file(f) : "ERROR " + (d.empty() ? std::string() : d.items()[0].message);
}

const char* kContractExample = R"vtr(
param socket_buffer_max = 128MiB
let fast_link = any(n in nics: n.speed != null and n.speed >= 10Gbit)
rule net.socket-buffers "Raise socket buffer ceilings on fast links" {
  severity medium
  tags [web, network, throughput]
  practice "N1"
  reference "kernel: Documentation/networking/ip-sysctl.rst"
  rationale "Default rmem_max/wmem_max cap TCP window growth on 10GbE and faster."
  disruption none
  reboot false
  when fast_link and memory.total >= 8GiB
  set sysctl "net.core.rmem_max" = param.socket_buffer_max
  set sysctl "net.ipv4.tcp_rmem" = [4096, 65536, param.socket_buffer_max]
}
rule nic.rx-ring "Grow RX rings to absorb bursts" {
  severity low  tags [network]  practice "N10"
  reference "ethtool(8)"  rationale "..."  disruption low  reboot false
  for n in nics where not n.virtual and n.ring.rx_max != null and n.ring.rx_max > n.ring.rx
  set ethtool(n).ring.rx = min(n.ring.rx_max, param.ring_size)
}
rule guest.vmxnet3 "Use the paravirtual NIC on VMware" {
  severity medium tags [virt, guest] practice "V4" reference "VMware vSphere Performance Best Practices"
  rationale "..." disruption high reboot true
  for n in nics where virt.hypervisor == "vmware" and n.driver in ["e1000", "e1000e"]
  advise "NIC {n.name} is emulated {n.driver}: set ethernetN.virtualDev = \"vmxnet3\" in the VM's .vmx"
}
)vtr";

const char* kContractGolden =
    R"golden(let fast_link = any(n in nics: ((n.speed != null) and (n.speed >= 10Gbit)))
param socket_buffer_max = 128MiB
rule net.socket-buffers "Raise socket buffer ceilings on fast links" {
  severity medium
  tags [web, network, throughput]
  practice "N1"
  reference "kernel: Documentation/networking/ip-sysctl.rst"
  rationale "Default rmem_max/wmem_max cap TCP window growth on 10GbE and faster."
  disruption none
  reboot false
  when (fast_link and (memory.total >= 8GiB))
  set sysctl "net.core.rmem_max" = param.socket_buffer_max
  set sysctl "net.ipv4.tcp_rmem" = [4096, 65536, param.socket_buffer_max]
}
rule nic.rx-ring "Grow RX rings to absorb bursts" {
  severity low
  tags [network]
  practice "N10"
  reference "ethtool(8)"
  rationale "..."
  disruption low
  reboot false
  for n in nics where (((not n.virtual) and (n.ring.rx_max != null)) and (n.ring.rx_max > n.ring.rx))
  set ethtool(n).ring.rx = min(n.ring.rx_max, param.ring_size)
}
rule guest.vmxnet3 "Use the paravirtual NIC on VMware" {
  severity medium
  tags [virt, guest]
  practice "V4"
  reference "VMware vSphere Performance Best Practices"
  rationale "..."
  disruption high
  reboot true
  for n in nics where ((virt.hypervisor == "vmware") and (n.driver in ["e1000", "e1000e"]))
  advise "NIC {n.name} is emulated {n.driver}: set ethernetN.virtualDev = \"vmxnet3\" in the VM's .vmx"
}
)golden";

TEST_CASE("lang parse: the contract's example prints in canonical form") {
  CHECK(parse_print(kContractExample) == kContractGolden);
}

TEST_CASE("lang parse: whitespace does not change the tree") {
  std::string one_line =
      std::regex_replace(std::string(kContractExample), std::regex("\\s*\n\\s*"), " ");
  CHECK(parse_print(one_line) == kContractGolden);
  std::string spread =
      std::regex_replace(std::string(kContractExample), std::regex(" "), "  \n\t ");
  // Spaces inside strings change the strings, so compare the structure only where none are.
  std::string reindented =
      std::regex_replace(std::string(kContractExample), std::regex("\n  "), "\n\t\t    ");
  CHECK(parse_print(reindented) == kContractGolden);
  std::string commented =
      std::regex_replace(std::string(kContractExample), std::regex("\n"), "  # note\n");
  CHECK(parse_print(commented) == kContractGolden);
  (void)spread;
}

TEST_CASE("lang parse: precedence and associativity") {
  auto rule_when = [](const std::string& cond) {
    std::string out = parse_print("rule a \"t\" { when " + cond + " advise \"x\" }");
    size_t w = out.find("  when ");
    return w == std::string::npos ? out : out.substr(w + 7, out.find('\n', w) - w - 7);
  };
  CHECK(rule_when("a or b and not c") == "(a or (b and (not c)))");
  CHECK(rule_when("1 + 2 * 3 - 4 / 2 > 0") == "(((1 + (2 * 3)) - (4 / 2)) > 0)");
  CHECK(rule_when("a ?? b ?? c == 1") == "(a ?? (b ?? (c == 1)))");
  CHECK(rule_when("-x.y[0].\"k-1\" in [1, 2]") == "((-x.y[0].\"k-1\") in [1, 2])");
  CHECK(rule_when("-5 < -1.5") == "(-5 < -1.5)");
  CHECK(rule_when("all(d in disks: d.rotational) and count(n in nics: true) >= 2") ==
        "(all(d in disks: d.rotational) and (count(n in nics: true) >= 2))");
  CHECK(rule_when("x == 1.5GiB or x == 10% or x == 250ms") ==
        "(((x == 1536MiB) or (x == 10%)) or (x == 250ms))");
}

TEST_CASE("lang parse: every target form") {
  std::string text = R"vtr(rule t.all "every target" {
  for n in nics
  set sysctl "vm.swappiness" = 10
  set sysfs "/sys/class/net/{n.name}/queues/rx-0/rps_cpus" = "f"
  set ethtool(n).coalesce.rx_usecs = 50
  set ethtool(n).feature."rx-gro" = true
  set irq_affinity(n, 0) = cpulist(local_cpus(n))
  set rps(n, 1) = "ff"
  set rps_flow(n, 1) = 4096
  set xps(n, 2) = "1"
  set daemon_json."log-opts"."max-size" = "10m"
  set modprobe(vmw_pvscsi).cmd_per_lun = 254
  set vmx("/vm/web01.vmx")."ethernet0.virtualDev" = "vmxnet3"
  check len(nics) > 0 "no NICs"
  priority -3
}
)vtr";
  std::string out = parse_print(text);
  CHECK(out.find("set ethtool(n).feature.\"rx-gro\" = true") != std::string::npos);
  CHECK(out.find("set daemon_json.\"log-opts\".\"max-size\" = \"10m\"") != std::string::npos);
  CHECK(out.find("set modprobe(vmw_pvscsi).cmd_per_lun = 254") != std::string::npos);
  CHECK(out.find("set rps_flow(n, 1) = 4096") != std::string::npos);
  CHECK(out.find("priority -3") != std::string::npos);
  // The printed form parses back to itself.
  CHECK(parse_print(out) == out);
}

const char* kBoundsExample = R"vtr(
rule net.bounds "floors, ceilings, ranges" {
  for n in nics
  let local = local_cpus(n) ?? cpus_of(0) where local != null and len(local) > 0
  set sysctl "net.core.somaxconn" >= param.somaxconn
  set sysctl "net.ipv4.tcp_rmem" >= [4096, 65536, 16MiB]
  set sysctl "net.ipv4.tcp_fin_timeout" <= 15
  set sysctl "net.ipv4.ip_local_port_range" covers [1024, 65535]
  set ethtool(n).channels.combined >= min(n.channels.combined_max, len(local))
  set xps(n, 0) = cpumask([local[7 % len(local)]])
}
)vtr";

const char* kBoundsGolden = R"golden(rule net.bounds "floors, ceilings, ranges" {
  for n in nics
  let local = (local_cpus(n) ?? cpus_of(0)) where ((local != null) and (len(local) > 0))
  set sysctl "net.core.somaxconn" >= param.somaxconn
  set sysctl "net.ipv4.tcp_rmem" >= [4096, 65536, 16MiB]
  set sysctl "net.ipv4.tcp_fin_timeout" <= 15
  set sysctl "net.ipv4.ip_local_port_range" covers [1024, 65535]
  set ethtool(n).channels.combined >= min(n.channels.combined_max, len(local))
  set xps(n, 0) = cpumask([local[(7 % len(local))]])
}
)golden";

TEST_CASE("lang parse: bounds, rule-local let and % print canonically and re-parse") {
  CHECK(parse_print(kBoundsExample) == kBoundsGolden);
  CHECK(parse_print(kBoundsGolden) == kBoundsGolden);
  std::string one_line =
      std::regex_replace(std::string(kBoundsExample), std::regex("\\s*\n\\s*"), " ");
  CHECK(parse_print(one_line) == kBoundsGolden);
  std::string commented =
      std::regex_replace(std::string(kBoundsExample), std::regex("\n"), "  # note\n");
  CHECK(parse_print(commented) == kBoundsGolden);
  // No space is needed around the operators; `%` after a number with a space is modulo,
  // `10%` glued to the number stays a percentage.
  std::string tight = parse_print(
      "rule a \"t\" { set sysctl \"x.y\">=1 set sysctl \"x.z\"<=2 set sysctl \"x.w\" = 7%3 }");
  CHECK(tight.find("set sysctl \"x.y\" >= 1") != std::string::npos);
  CHECK(tight.find("set sysctl \"x.z\" <= 2") != std::string::npos);
  CHECK(tight.find("set sysctl \"x.w\" = (7 % 3)") != std::string::npos);
  CHECK(parse_print("rule a \"t\" { when x * 10% > 1 advise \"x\" }").find("((x * 10%) > 1)") !=
        std::string::npos);
}

TEST_CASE("lang parse: the grammar has no PEG problems") {
  CHECK(tao::pegtl::analyze<grammar::file>(-1) == 0);
}

TEST_CASE("lang parse: deep nesting is a diagnostic, not a stack overflow") {
  Diagnostics d;
  std::string deep = "let x = " + std::string(10000, '(') + "1" + std::string(10000, ')');
  CHECK(parse_print(deep, &d).starts_with("ERROR"));
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].code == "VT0102");
  std::string nots = "let x = ";
  for (int i = 0; i < 10000; ++i) nots += "not ";
  CHECK(parse_print(nots + "true", &d).starts_with("ERROR"));
  CHECK(d.items()[0].code == "VT0102");
  std::string chain = "let x = 1";
  for (int i = 0; i < 5000; ++i) chain += " + 1";
  CHECK(parse_print(chain, &d).starts_with("ERROR"));
  CHECK(d.items()[0].code == "VT0102");
  // Moderate nesting is fine.
  CHECK(!parse_print("let x = " + std::string(50, '(') + "1" + std::string(50, ')'))
             .starts_with("ERROR"));
}

}  // namespace
}  // namespace vtune::lang
