#include <doctest/doctest.h>

#include "tests/unit/lang_test_util.h"

namespace vtune::lang {
namespace {

using testing::check;
using testing::codes;

TEST_CASE("lang typecheck: well-typed rules pass") {
  const char* text = R"(
param ring_size = 4096
param max_buf = 128MiB
let fast = any(n in nics: n.speed >= 10Gbit)
rule a "ok" {
  when fast and memory.total >= 8GiB and memory.total * 10% > 100MiB and virt.hypervisor in ["kvm", "vmware"]
  for n in nics where not n.virtual and (n.ring.rx_max ?? 0) > n.ring.rx and n.features."rx-gro" == true
  set ethtool(n).ring.rx = min(n.ring.rx_max, param.ring_size)
  set sysctl "net.core.rmem_max" = max(param.max_buf, 16MiB)
  set sysctl "net.ipv4.tcp_rmem" = [4096, 65536, param.max_buf]
  set sysfs "/sys/class/net/{n.name}/queues/rx-0/rps_cpus" = cpumask(local_cpus(n))
  advise "NIC {n.name} at {n.speed}"
  check int(sysctl."vm.swappiness") <= 10 "swappiness is high"
}
)";
  RuleLibrary lib = check(text);
  CHECK(codes(lib) == "");
  CHECK(lib.checked);
  CHECK(referenced_sysctls(lib) == std::vector<std::string>{"vm.swappiness"});
  std::vector<ParamSpec> specs = param_specs(lib);
  REQUIRE(specs.size() == 2);
  CHECK(specs[0].name == "ring_size");
  CHECK(specs[0].type == "int");
  CHECK(specs[1].type == "size");
  CHECK(specs[1].default_value == 134217728);
}

TEST_CASE("lang typecheck: mismatches") {
  CHECK(codes(check(R"(rule a "t" { when memory.total > 10Gbit advise "" })")) == "VT0106@1:19 ");
  CHECK(codes(check(R"(rule a "t" { when sysctl."vm.swappiness" > 10 advise "" })")) ==
        "VT0106@1:19 ");
  CHECK(codes(check(R"(rule a "t" { when memory.total advise "" })")) == "VT0106@1:19 ");
  CHECK(codes(check(R"(rule a "t" { when virt.guest + 1 > 0 advise "" })")) == "VT0106@1:19 ");
  CHECK(codes(check(R"(rule a "t" { set sysctl "a.b" = memory })")) == "VT0106@1:33 ");
  CHECK(codes(check(R"(rule a "t" { for n in nics set ethtool(n.speed).ring.rx = 1 })")) ==
        "VT0106@1:40 ");
  CHECK(codes(check(R"(rule a "t" { when memory.total.x > 1 advise "" })")) == "VT0106@1:19 ");
  CHECK(codes(check(R"(rule a "t" { when [1, "a"] == [] advise "" })")) == "VT0106@1:23 ");
}

TEST_CASE("lang typecheck: loop variables take the element type") {
  CHECK(codes(check(R"(rule a "t" { for n in nics where n.speed > 1GiB advise "" })")) ==
        "VT0106@1:34 ");
  CHECK(codes(check(R"(rule a "t" { for n in nics where n.sped > 1Gbit advise "" })")) ==
        "VT0104@1:34 ");
  CHECK(codes(check(R"(rule a "t" { when any(c in numa.nodes[0].cpus: c == "x") advise "" })")) ==
        "VT0106@1:48 ");
}

TEST_CASE("lang typecheck: roots without schema are accepted with a warning") {
  RuleLibrary lib = check(R"(rule a "t" { when docker.installed advise "" })");
  CHECK(codes(lib) == "VT0123@1:19 ");
  CHECK(lib.checked);
}

}  // namespace
}  // namespace vtune::lang
