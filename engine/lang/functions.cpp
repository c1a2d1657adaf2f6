#include "engine/lang/functions.h"

namespace vtune::lang {

namespace {
constexpr FunctionInfo kFunctions[] = {
    {"min", Func::Min, 1, -1, "min(a, b, ...) | min(list)",
     "the smallest argument (or list element); null if any is null"},
    {"max", Func::Max, 1, -1, "max(a, b, ...) | max(list)",
     "the largest argument (or list element); null if any is null"},
    {"clamp", Func::Clamp, 3, 3, "clamp(x, lo, hi)", "x limited to [lo, hi]"},
    {"len", Func::Len, 1, 1, "len(list | string | map)", "the number of elements, bytes or keys"},
    {"contains", Func::Contains, 2, 2, "contains(list | string, x)",
     "whether the list holds x, or the string holds x as a substring"},
    {"matches", Func::Matches, 2, 2, "matches(string, \"regex\")",
     "whether the whole string matches the ECMAScript regular expression (a literal)"},
    {"cpumask", Func::Cpumask, 1, 1, "cpumask(list<int> | \"cpulist\")",
     "the kernel's hex CPU bitmap (\"ff,ffffffff\") for a set of CPUs"},
    {"cpulist", Func::Cpulist, 1, 1, "cpulist(list<int>)",
     "the kernel's cpulist text (\"0-5,48-53\")"},
    {"cpus_of", Func::CpusOf, 1, 1, "cpus_of(node_id)",
     "the CPUs of a NUMA node (numa.nodes[].cpus)"},
    {"local_cpus", Func::LocalCpus, 1, 1, "local_cpus(nic)",
     "the CPUs of the NIC's NUMA node; for a node without CPUs (GPU, CXL memory) the CPUs of the "
     "nearest nodes that have some (numa.distances), else every node's CPUs; null when the node "
     "is unknown"},
    {"int", Func::Int, 1, 1, "int(x)",
     "x as an integer: parses strings, truncates floats, quantities give base units; null when "
     "it does not parse"},
    {"str", Func::Str, 1, 1, "str(x)", "x in the kernel's text form (quantities in base units)"},
    {"range", Func::Range, 1, 1, "range(n)", "the list [0, 1, ..., n-1], e.g. queue indexes"},
    {"ints", Func::Ints, 1, 1, "ints(string)",
     "the whitespace-separated integers of a multi-value sysctl (\"4096 131072 6291456\" -> "
     "[4096, 131072, 6291456]); null when a word is not an integer"},
    {"xps_mask", Func::XpsMask, 3, 3, "xps_mask(masks, cpus, i)",
     "the XPS mask of tx queue i: masks[i] when the current masks (one per tx queue) are "
     "disjoint and together cover exactly `cpus`; otherwise the CPUs spread over the queues, "
     "CPU cpus[j] to queue j mod len(masks), so each CPU is in exactly one mask (queues beyond "
     "len(cpus) get the empty mask: XPS off for them)"},
};
}  // namespace

std::span<const FunctionInfo> all_functions() {
  return kFunctions;
}

const FunctionInfo* find_function(std::string_view name) {
  for (const FunctionInfo& f : kFunctions)
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace vtune::lang
