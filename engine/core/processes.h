#pragma once
// Running processes as /proc shows them, through HostFs (so snapshots work too).
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/host_fs.h"

namespace vtune {

struct ProcessInfo {
  int pid = 0;
  std::string comm;  // /proc/PID/comm, trimmed
};

// Every numeric /proc entry whose comm could be read.
std::vector<ProcessInfo> list_processes(const HostFs& fs);
// Every process whose comm is exactly `comm`.
std::vector<ProcessInfo> find_processes(const HostFs& fs, std::string_view comm);
// /proc/PID/cmdline split on NUL bytes.
std::vector<std::string> process_cmdline(const HostFs& fs, int pid);

}  // namespace vtune
