// /proc/cpuinfo parsing (probes/cpuinfo.h): reads cut short by a signal, a size limit or a
// copy that stopped early.
#include <doctest/doctest.h>

#include "probes/cpuinfo.h"

using namespace vtune;

namespace {

std::string intel_block(int cpu) {
  return "processor\t: " + std::to_string(cpu) +
         "\nvendor_id\t: GenuineIntel\n"
         "model name\t: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz\n"
         "physical id\t: 0\n"
         "core id\t\t: " +
         std::to_string(cpu) + "\nflags\t\t: fpu vme vmx ept\n\n";
}

}  // namespace

TEST_CASE("cpuinfo: a cut inside the first line of the second block keeps the first block") {
  // The read stopped after "proc" of processor 1: the whole of processor 0 is there.
  for (std::string cut : {"proc", "processor\t: 1", "processor\t: 1\nvendor_id\t: Genu"}) {
    CAPTURE(cut);
    Cpuinfo info = parse_cpuinfo(intel_block(0) + cut);
    REQUIRE_FALSE(info.cpus.empty());
    CHECK(info.cpus[0].complete);
    CHECK(info.cpus[0].model_name == "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz");
    CHECK(info.cpus[0].vendor_id == "GenuineIntel");
    CHECK(info.truncated);
    // How many CPUs followed is unknown, so is the topology.
    CHECK_FALSE(cpuinfo_topology(info));
    CHECK_FALSE(info.problems.empty());
  }
}

TEST_CASE("cpuinfo: a whole file is not truncated") {
  Cpuinfo info = parse_cpuinfo(intel_block(0) + intel_block(1));
  CHECK_FALSE(info.truncated);
  REQUIRE(cpuinfo_topology(info));
  CHECK(cpuinfo_topology(info)->threads == 2);
}
