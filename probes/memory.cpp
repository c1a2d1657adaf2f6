// The memory probe: how much memory, how it is paged (hugepages, THP) and whether KSM merges.
#include <algorithm>

#include "engine/core/text.h"
#include "probes/meminfo.h"
#include "probes/probes.h"

namespace vtune {
namespace {

constexpr std::string_view kMeminfo = "/proc/meminfo";
constexpr std::string_view kThpEnabled = "/sys/kernel/mm/transparent_hugepage/enabled";
constexpr std::string_view kThpDefrag = "/sys/kernel/mm/transparent_hugepage/defrag";

constexpr FactField kMemorySchema[] = {
    {"memory", "map", "System memory and its paging policy", ""},
    {"memory.total", "size", "Usable RAM (MemTotal)", "/proc/meminfo"},
    {"memory.hugepages", "map", "The default-size hugepage pool", "/proc/meminfo"},
    {"memory.hugepages.size", "size", "Default hugepage size (Hugepagesize)", "/proc/meminfo"},
    {"memory.hugepages.total", "int", "Pages in the pool (HugePages_Total)", "/proc/meminfo"},
    {"memory.hugepages.free", "int", "Pages not yet allocated (HugePages_Free)", "/proc/meminfo"},
    {"memory.hugepage_pools", "list<map>",
     "Persistent hugepage pools of every size the kernel supports (2 MiB, 1 GiB...), by size",
     "/sys/kernel/mm/hugepages/hugepages-<N>kB"},
    {"memory.hugepage_pools[].size", "size", "Page size of the pool",
     "/sys/kernel/mm/hugepages/hugepages-<N>kB"},
    {"memory.hugepage_pools[].total", "int", "Pages reserved (nr_hugepages)",
     "/sys/kernel/mm/hugepages/hugepages-<N>kB/nr_hugepages"},
    {"memory.hugepage_pools[].free", "int", "Pages not allocated (free_hugepages)",
     "/sys/kernel/mm/hugepages/hugepages-<N>kB/free_hugepages"},
    {"memory.thp", "enum:always|madvise|never", "Transparent hugepage mode (the bracketed choice)",
     "/sys/kernel/mm/transparent_hugepage/enabled"},
    {"memory.thp_defrag", "enum:always|defer|defer+madvise|madvise|never",
     "When THP allocation compacts memory (the bracketed choice)",
     "/sys/kernel/mm/transparent_hugepage/defrag"},
    {"memory.ksm", "map", "Kernel samepage merging; null members when the kernel has no KSM", ""},
    {"memory.ksm.run", "int", "0 stopped, 1 running, 2 stopped and unmerged",
     "/sys/kernel/mm/ksm/run"},
    {"memory.ksm.pages_shared", "int", "Shared pages in use", "/sys/kernel/mm/ksm/pages_shared"},
};

constexpr std::string_view kThpModes[] = {"always", "madvise", "never"};
constexpr std::string_view kDefragModes[] = {"always", "defer", "defer+madvise", "madvise",
                                             "never"};

// The bracketed choice of a sysfs selector file, if it is one of `allowed`.
Facts bracket_choice(const ProbeContext& ctx, std::string_view path,
                     std::span<const std::string_view> allowed) {
  std::optional<std::string> text = ctx.read_required(path);
  if (!text) return nullptr;
  std::optional<BracketChoice> choice = parse_bracket_choice(*text);
  if (!choice || choice->current.empty() ||
      std::find(allowed.begin(), allowed.end(), choice->current) == allowed.end()) {
    ctx.warn(path, "no recognised [choice] in '" + std::string(trim(*text)).substr(0, 60) + "'");
    return nullptr;
  }
  return choice->current;
}

Facts meminfo_field(const ProbeContext& ctx, const Meminfo& info, std::string_view name) {
  std::optional<uint64_t> v = info.get(name);
  if (!v) ctx.warn(kMeminfo, "no " + std::string(name) + " field");
  return or_null(v);
}

// One pool per hugepages-<N>kB directory, smallest page first; a kernel without hugetlbfs
// has no directory, which is an empty list rather than a warning.
Facts hugepage_pools(const ProbeContext& ctx) {
  const std::string dir = "/sys/kernel/mm/hugepages";
  Facts pools = Facts::array();
  Result<std::vector<DirEntry>> entries = ctx.host.fs.list_dir(dir);
  if (!entries) return pools;
  std::vector<std::pair<uint64_t, std::string>> sizes;
  for (const DirEntry& e : *entries) {
    std::string_view n = e.name;
    if (!n.starts_with("hugepages-") || !n.ends_with("kB")) continue;
    std::optional<uint64_t> kb = parse_uint(n.substr(10, n.size() - 12));
    if (kb) sizes.emplace_back(*kb, e.name);
  }
  std::sort(sizes.begin(), sizes.end());
  for (const auto& [kb, name] : sizes)
    pools.push_back({{"size", kb * 1024},
                     {"total", or_null(ctx.read_int(dir + "/" + name + "/nr_hugepages"))},
                     {"free", or_null(ctx.read_int(dir + "/" + name + "/free_hugepages"))}});
  return pools;
}

void collect_memory(const ProbeContext& ctx, Facts& facts) {
  Meminfo info;
  std::optional<std::string> text = ctx.read_required(kMeminfo);
  if (text) {
    info = parse_meminfo(*text);
    if (info.truncated) ctx.warn(kMeminfo, "no newline at end: last line ignored as truncated");
    if (info.bad_lines > 0)
      ctx.warn(kMeminfo, std::to_string(info.bad_lines) + " malformed line(s) ignored");
  }
  auto field = [&](std::string_view name) {
    return text ? meminfo_field(ctx, info, name) : Facts(nullptr);
  };

  Facts memory = Facts::object();
  memory["total"] = field("MemTotal");
  memory["hugepages"] = {{"size", field("Hugepagesize")},
                         {"total", field("HugePages_Total")},
                         {"free", field("HugePages_Free")}};
  memory["hugepage_pools"] = hugepage_pools(ctx);
  memory["thp"] = bracket_choice(ctx, kThpEnabled, kThpModes);
  memory["thp_defrag"] = bracket_choice(ctx, kThpDefrag, kDefragModes);
  // A kernel without CONFIG_KSM has no such directory: null without a warning.
  memory["ksm"] = {{"run", or_null(ctx.read_int("/sys/kernel/mm/ksm/run"))},
                   {"pages_shared", or_null(ctx.read_int("/sys/kernel/mm/ksm/pages_shared"))}};
  facts["memory"] = std::move(memory);
}

}  // namespace

const Probe kMemoryProbe{"memory", "Memory size, hugepages, transparent hugepages and KSM",
                         kMemorySchema, collect_memory};

}  // namespace vtune
