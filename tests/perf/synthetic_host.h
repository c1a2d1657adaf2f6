#pragma once
// Writes a large synthetic snapshot tree laid out as the kernel lays out /proc and /sys:
// `cpus` CPUs over `nodes` NUMA nodes, `nics` NICs with `queues` queues each (with MSI IRQs
// and ethtool state), and `disks` NVMe disks.
#include <string>

namespace vtune::perf {

struct SyntheticShape {
  int cpus = 256;
  int nodes = 8;
  int nics = 64;
  int queues = 64;
  int disks = 128;
};

// Creates the tree under `dir` (which must exist) and returns `dir`.
std::string write_synthetic_host(const std::string& dir, const SyntheticShape& shape);

}  // namespace vtune::perf
