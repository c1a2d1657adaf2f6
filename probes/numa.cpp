// The numa probe: which CPUs and how much memory each node has, and how far apart they are.
// A kernel built without NUMA, or a guest given one node, has no node directory; the probe
// then reports the one node such a host really has, so rules never special-case it.
#include <algorithm>

#include "engine/core/text.h"
#include "probes/meminfo.h"
#include "probes/numa_parse.h"
#include "probes/probes.h"

namespace vtune {
namespace {

constexpr std::string_view kNodeDir = "/sys/devices/system/node";

constexpr FactField kNumaSchema[] = {
    {"numa", "map", "NUMA topology", ""},
    {"numa.nodes", "list<map>",
     "Memory nodes by id; a host without the node directory is one node 0 holding every online "
     "CPU and all memory",
     "/sys/devices/system/node/node<N>"},
    {"numa.nodes[].id", "int", "Node number", "/sys/devices/system/node/node<N>"},
    {"numa.nodes[].cpus", "list<int>", "CPUs of the node, ascending",
     "/sys/devices/system/node/node<N>/cpulist (fallback /sys/devices/system/cpu/online)"},
    {"numa.nodes[].cpulist", "string", "The same CPUs in the kernel's range form (\"0-23,48-71\")",
     "/sys/devices/system/node/node<N>/cpulist"},
    {"numa.nodes[].mem_total", "size", "Memory of the node",
     "/sys/devices/system/node/node<N>/meminfo (fallback MemTotal of /proc/meminfo)"},
    {"numa.distances", "list<list<int>>",
     "SLIT distance matrix, row i from node i (10 is local); null if any row is unreadable",
     "/sys/devices/system/node/node<N>/distance"},
};

Facts cpus_facts(const std::optional<std::vector<int>>& cpus) {
  if (!cpus) return nullptr;
  return Facts(*cpus);
}

// Reads a cpulist file; null CPUs (with a warning) when it is unreadable or malformed.
std::optional<std::vector<int>> read_cpus(const ProbeContext& ctx, std::string_view path) {
  std::optional<std::string> text = ctx.read_required(path);
  if (!text) return std::nullopt;
  std::optional<std::vector<int>> cpus = parse_cpulist(*text);
  if (!cpus) ctx.warn(path, "not a CPU list: '" + std::string(trim(*text)).substr(0, 60) + "'");
  return cpus;
}

std::optional<uint64_t> read_mem_total(const ProbeContext& ctx, std::string_view path) {
  std::optional<std::string> text = ctx.read_required(path);
  if (!text) return std::nullopt;
  Meminfo info = parse_meminfo(*text);
  std::optional<uint64_t> total = info.get("MemTotal");
  if (!total) ctx.warn(path, "no MemTotal field");
  return total;
}

Facts node_facts(int id, const std::optional<std::vector<int>>& cpus,
                 std::optional<uint64_t> mem_total) {
  return {{"id", id},
          {"cpus", cpus_facts(cpus)},
          {"cpulist", cpus ? Facts(format_cpulist(*cpus)) : Facts(nullptr)},
          {"mem_total", or_null(mem_total)}};
}

Facts single_node(const ProbeContext& ctx) {
  std::optional<std::vector<int>> cpus = read_cpus(ctx, "/sys/devices/system/cpu/online");
  std::optional<uint64_t> mem = read_mem_total(ctx, "/proc/meminfo");
  return {{"nodes", Facts::array({node_facts(0, cpus, mem)})},
          {"distances", Facts::array({Facts::array({10})})}};
}

void collect_numa(const ProbeContext& ctx, Facts& facts) {
  Result<std::vector<DirEntry>> entries = ctx.host.fs.list_dir(kNodeDir);
  if (!entries && entries.error().err != ENOENT)
    ctx.warn(kNodeDir, entries.error().message() + "; assuming one node");
  std::vector<int> ids;
  if (entries)
    for (const DirEntry& e : *entries)
      if (std::optional<int> id = numa_node_id(e.name); id && e.is_dir) ids.push_back(*id);
  if (ids.empty()) {
    facts["numa"] = single_node(ctx);
    return;
  }
  std::sort(ids.begin(), ids.end());  // node10 sorts before node2 by name

  Facts nodes = Facts::array();
  Facts distances = Facts::array();
  for (int id : ids) {
    std::string dir = std::string(kNodeDir) + "/node" + std::to_string(id);
    // Separate statements so warnings come in file order (argument order is unspecified).
    std::optional<std::vector<int>> cpus = read_cpus(ctx, dir + "/cpulist");
    std::optional<uint64_t> mem_total = read_mem_total(ctx, dir + "/meminfo");
    nodes.push_back(node_facts(id, cpus, mem_total));
    std::string distance_path = dir + "/distance";
    std::optional<std::string> text = ctx.read_required(distance_path);
    std::optional<std::vector<int>> row = text ? parse_node_distance(*text) : std::nullopt;
    if (text && (!row || row->size() != ids.size())) {
      ctx.warn(distance_path, "expected " + std::to_string(ids.size()) + " distances, got '" +
                                  std::string(trim(*text)).substr(0, 60) + "'");
      row.reset();
    }
    if (!row || distances.is_null()) {
      distances = nullptr;  // a matrix with a hole would mislead more than no matrix
      continue;
    }
    distances.push_back(*row);
  }
  facts["numa"] = {{"nodes", std::move(nodes)}, {"distances", std::move(distances)}};
}

}  // namespace

const Probe kNumaProbe{"numa", "NUMA nodes: their CPUs, memory and distances", kNumaSchema,
                       collect_numa};

}  // namespace vtune
