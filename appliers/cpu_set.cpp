#include "appliers/cpu_set.h"

#include <algorithm>
#include <set>

#include "engine/core/text.h"

namespace vtune {

std::optional<std::vector<int>> facts_to_cpus(const Json& value, CpuSetForm native) {
  if (value.is_array()) {
    std::set<int> cpus;
    for (const Json& c : value) {
      if (!c.is_number_integer() || c.get<int64_t>() < 0 || c.get<int64_t>() > 1'000'000)
        return std::nullopt;
      cpus.insert(c.get<int>());
    }
    return std::vector<int>(cpus.begin(), cpus.end());
  }
  if (!value.is_string()) return std::nullopt;
  std::string s = value.get<std::string>();
  auto as_list = [&] { return parse_cpulist(s); };
  auto as_mask = [&] { return parse_cpumask(s); };
  if (native == CpuSetForm::List) {
    if (auto c = as_list()) return c;
    return as_mask();
  }
  if (auto c = as_mask()) return c;
  return as_list();
}

std::optional<std::vector<int>> online_cpus(const HostFs& fs, const Facts& facts) {
  if (Result<std::string> text = fs.read_file("/sys/devices/system/cpu/online"))
    if (std::optional<std::vector<int>> cpus = parse_cpulist(*text); cpus && !cpus->empty())
      return cpus;
  const Json* nodes = nullptr;
  if (facts.is_object() && facts.contains("numa") && facts["numa"].is_object() &&
      facts["numa"].contains("nodes") && facts["numa"]["nodes"].is_array())
    nodes = &facts["numa"]["nodes"];
  if (!nodes || nodes->empty()) return std::nullopt;
  std::set<int> cpus;
  for (const Json& node : *nodes) {
    if (!node.is_object() || !node.contains("cpus") || !node["cpus"].is_array())
      return std::nullopt;
    for (const Json& c : node["cpus"])
      if (c.is_number_integer()) cpus.insert(c.get<int>());
  }
  if (cpus.empty()) return std::nullopt;
  return std::vector<int>(cpus.begin(), cpus.end());
}

std::optional<std::string> cpu_set_problem(const std::vector<int>& cpus, const HostFs& fs,
                                           const Facts& facts, bool allow_empty) {
  if (cpus.empty()) {
    if (allow_empty) return std::nullopt;
    return "the CPU set is empty";
  }
  std::optional<std::vector<int>> online = online_cpus(fs, facts);
  if (!online) return std::nullopt;  // unknown: the kernel will judge at write time
  std::vector<int> offline;
  for (int c : cpus)
    if (!std::binary_search(online->begin(), online->end(), c)) offline.push_back(c);
  if (offline.empty()) return std::nullopt;
  return "CPUs " + format_cpulist(offline) + " are not online (online: " + format_cpulist(*online) +
         ")";
}

}  // namespace vtune
