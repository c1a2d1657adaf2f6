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
    {"numa.nodes[].cpus", "list<int>",
     "Online CPUs of the node, ascending: the node's list intersected with the online CPUs "
     "(an IRQ or RPS mask naming an offline CPU is refused); empty for a node without CPUs "
     "(GPU or CXL memory)",
     "/sys/devices/system/node/node<N>/cpulist (else its cpumap), /sys/devices/system/cpu/online"},
    {"numa.nodes[].cpulist", "string", "The same CPUs in the kernel's range form (\"0-23,48-71\")",
     "/sys/devices/system/node/node<N>/cpulist"},
    {"numa.nodes[].offline_cpus", "list<int>",
     "CPUs the node names that are not online (hot-pluggable or offlined), ascending",
     "/sys/devices/system/node/node<N>/cpulist, /sys/devices/system/cpu/online"},
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

// A node's CPUs from its cpulist, or from its cpumap (hex words, most significant first)
// where the kernel or capture has only that.
std::optional<std::vector<int>> read_node_cpus(const ProbeContext& ctx, const std::string& dir) {
  if (ctx.host.fs.exists(dir + "/cpulist") || !ctx.host.fs.exists(dir + "/cpumap"))
    return read_cpus(ctx, dir + "/cpulist");
  std::string path = dir + "/cpumap";
  std::optional<std::string> text = ctx.read_required(path);
  if (!text) return std::nullopt;
  std::optional<std::vector<int>> cpus = parse_cpumask(trim(*text));
  if (!cpus) ctx.warn(path, "not a CPU mask: '" + std::string(trim(*text)).substr(0, 60) + "'");
  return cpus;
}

Facts node_facts(int id, const std::optional<std::vector<int>>& cpus,
                 const std::optional<std::vector<int>>& online, std::optional<uint64_t> mem_total) {
  std::optional<std::vector<int>> usable = cpus;
  Facts offline = cpus ? Facts::array() : Facts(nullptr);
  if (cpus && online) {
    usable.emplace();
    for (int c : *cpus) {
      if (std::binary_search(online->begin(), online->end(), c))
        usable->push_back(c);
      else
        offline.push_back(c);
    }
  }
  return {{"id", id},
          {"cpus", cpus_facts(usable)},
          {"cpulist", usable ? Facts(format_cpulist(*usable)) : Facts(nullptr)},
          {"offline_cpus", std::move(offline)},
          {"mem_total", or_null(mem_total)}};
}

Facts single_node(const ProbeContext& ctx) {
  std::optional<std::vector<int>> cpus = read_cpus(ctx, "/sys/devices/system/cpu/online");
  std::optional<uint64_t> mem = read_mem_total(ctx, "/proc/meminfo");
  return {{"nodes", Facts::array({node_facts(0, cpus, cpus, mem)})},
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

  // Without the online list (a hand-made capture) the nodes' lists are taken as they are.
  std::optional<std::vector<int>> online;
  if (std::optional<std::string> text = ctx.read_optional("/sys/devices/system/cpu/online")) {
    online = parse_cpulist(*text);
    if (!online) ctx.warn("/sys/devices/system/cpu/online", "not a CPU list");
  }
  Facts nodes = Facts::array();
  Facts distances = Facts::array();
  for (int id : ids) {
    std::string dir = std::string(kNodeDir) + "/node" + std::to_string(id);
    // Separate statements so warnings come in file order (argument order is unspecified).
    std::optional<std::vector<int>> cpus = read_node_cpus(ctx, dir);
    std::optional<uint64_t> mem_total = read_mem_total(ctx, dir + "/meminfo");
    nodes.push_back(node_facts(id, cpus, online, mem_total));
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
