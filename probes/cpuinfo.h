#pragma once
// /proc/cpuinfo as typed data. The file is one block per logical CPU, blocks separated by a
// blank line, each line "key<TAB>: value". Only the fields the cpu probe uses are kept.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vtune {

struct CpuinfoEntry {
  std::optional<int> processor;
  std::optional<int> physical_id;  // socket
  std::optional<int> core_id;      // core within the socket; ids may have gaps
  std::optional<int> siblings;     // logical CPUs in this socket
  std::optional<int> cpu_cores;    // physical cores in this socket
  std::optional<std::string> vendor_id;
  std::optional<std::string> model_name;
  std::optional<std::vector<std::string>> flags;
  // Kernels since 5.9 print VMX capabilities on their own "vmx flags" line (Intel only).
  std::optional<std::vector<std::string>> vmx_flags;
  size_t fields = 0;     // recognised "key: value" lines in this block
  bool complete = true;  // false when the block was cut short (a truncated read)
};

struct Cpuinfo {
  std::vector<CpuinfoEntry> cpus;
  // Human-readable problems (a non-numeric id, a truncated last block); the caller turns
  // them into warnings naming the file.
  std::vector<std::string> problems;
  // The file ends mid-line: some block after the complete ones was cut, so the count of
  // logical CPUs is unknown even when every block kept here is whole.
  bool truncated = false;
};

// Never fails: anything it cannot use becomes a problem and an unset field.
Cpuinfo parse_cpuinfo(std::string_view text);

struct CpuTopology {
  int sockets = 0;
  int cores = 0;    // physical cores, all sockets
  int threads = 0;  // logical CPUs
};

// Counts distinct physical ids and (physical id, core id) pairs. nullopt when any block
// lacks them or was cut short, or the file was truncated: architectures without those
// lines, or a read that stopped early.
std::optional<CpuTopology> cpuinfo_topology(const Cpuinfo& info);

bool has_flag(const std::vector<std::string>& flags, std::string_view flag);

}  // namespace vtune
