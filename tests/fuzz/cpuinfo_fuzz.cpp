// libFuzzer target for the /proc/cpuinfo parser: any bytes must parse without crashing, and
// what comes out must be self-consistent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "probes/cpuinfo.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vtune::Cpuinfo info = vtune::parse_cpuinfo(text);
  std::optional<vtune::CpuTopology> topo = vtune::cpuinfo_topology(info);
  if (topo) {
    // Counting can never invent CPUs: a topology is drawn from whole blocks only.
    if (topo->threads != static_cast<int>(info.cpus.size())) std::abort();
    if (topo->sockets < 1 || topo->sockets > topo->cores || topo->cores > topo->threads)
      std::abort();
  }
  for (const vtune::CpuinfoEntry& e : info.cpus)
    if (e.fields == 0) std::abort();  // an empty block is never recorded
  return 0;
}
