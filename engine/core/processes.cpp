#include "engine/core/processes.h"

#include "engine/core/text.h"

namespace vtune {

std::vector<ProcessInfo> list_processes(const HostFs& fs) {
  std::vector<ProcessInfo> out;
  Result<std::vector<DirEntry>> entries = fs.list_dir("/proc");
  if (!entries) return out;
  for (const DirEntry& e : *entries) {
    std::optional<int64_t> pid = parse_int(e.name);
    if (!pid || *pid <= 0 || !e.is_dir) continue;
    Result<std::string> comm = fs.read_file("/proc/" + e.name + "/comm");
    if (!comm) continue;  // the process exited meanwhile, or hides it
    out.push_back({static_cast<int>(*pid), std::string(trim(*comm))});
  }
  return out;
}

std::vector<ProcessInfo> find_processes(const HostFs& fs, std::string_view comm) {
  std::vector<ProcessInfo> out;
  for (ProcessInfo& p : list_processes(fs))
    if (p.comm == comm) out.push_back(std::move(p));
  return out;
}

std::vector<std::string> process_cmdline(const HostFs& fs, int pid) {
  std::vector<std::string> args;
  Result<std::string> raw = fs.read_file("/proc/" + std::to_string(pid) + "/cmdline");
  if (!raw) return args;
  for (std::string_view a : split(*raw, '\0'))
    if (!a.empty()) args.emplace_back(a);
  return args;
}

}  // namespace vtune
