#include "engine/lang/cpu_builtins.h"

#include <algorithm>
#include <set>

#include "engine/core/text.h"
#include "engine/lang/builtins.h"

namespace vtune::lang {
namespace {

using K = Value::Kind;

const Json* numa_nodes(const Facts& facts) {
  auto numa = facts.find("numa");
  if (numa == facts.end() || !numa->is_object()) return nullptr;
  auto nodes = numa->find("nodes");
  if (nodes == numa->end() || !nodes->is_array()) return nullptr;
  return &*nodes;
}

std::vector<int> int_list(const Json& f) {
  std::vector<int> out;
  if (!f.is_array()) return out;
  for (const Json& x : f)
    if (x.is_number_integer()) out.push_back(x.get<int>());
  return out;
}

// The nodes that have CPUs, nearest to `from` first, and their CPUs merged; every node's
// CPUs when the distance row of `from` is unknown.
Value nearest_cpus(const Facts& facts, const Json& nodes, int64_t from) {
  const Json* row = nullptr;
  auto numa = facts.find("numa");
  auto dist = numa->find("distances");
  if (dist != numa->end() && dist->is_array()) {
    for (size_t i = 0; i < nodes.size() && i < dist->size(); ++i) {
      if (!nodes[i].is_object()) continue;
      Json id = nodes[i].value("id", Json());
      if (id.is_number_integer() && id.get<int64_t>() == from && (*dist)[i].is_array())
        row = &(*dist)[i];
    }
  }
  std::optional<int> best;
  std::set<int> cpus;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (!nodes[i].is_object()) continue;
    std::vector<int> node = int_list(nodes[i].value("cpus", Json()));
    if (node.empty()) continue;
    int d = 0;  // no distances: every node with CPUs is as near as any other
    if (row) {
      if (i >= row->size() || !(*row)[i].is_number_integer()) continue;
      d = (*row)[i].get<int>();
    }
    if (best && d > *best) continue;
    if (!best || d < *best) cpus.clear();
    best = d;
    cpus.insert(node.begin(), node.end());
  }
  std::vector<Value> out;
  for (int c : cpus) out.push_back(Value::integer(c));
  return Value::list(std::move(out));
}

// Whether the masks are pairwise disjoint and their union is exactly `want`.
bool masks_partition(const Value& masks, const std::vector<int>& want) {
  std::set<int> seen;
  for (size_t i = 0; i < masks.size(); ++i) {
    Value m = masks.at(i, nullptr);
    if (!m.is(K::String)) return false;
    std::optional<std::vector<int>> cpus = parse_cpumask(m.str());
    if (!cpus) return false;
    for (int c : *cpus)
      if (!seen.insert(c).second) return false;
  }
  return std::equal(seen.begin(), seen.end(), want.begin(), want.end());
}

}  // namespace

Value node_cpus(const Facts& facts, int64_t node) {
  const Json* nodes = numa_nodes(facts);
  if (!nodes) return Value();
  for (const Json& n : *nodes) {
    auto id = n.find("id");
    if (id == n.end() || !id->is_number_integer() || id->get<int64_t>() != node) continue;
    auto cpus = n.find("cpus");
    if (cpus == n.end() || !cpus->is_array()) return Value();
    return Value::from_fact(*cpus, nullptr);
  }
  return Value();
}

Value nic_local_cpus(const Facts& facts, const Json& nic) {
  if (!nic.is_object()) return Value();
  auto node = nic.find("numa_node");
  if (node == nic.end() || !node->is_number_integer() || node->get<int64_t>() < 0) return Value();
  Value own = node_cpus(facts, node->get<int64_t>());
  if (own.is_null() || own.size() > 0) return own;
  return nearest_cpus(facts, *numa_nodes(facts), node->get<int64_t>());
}

Value xps_mask(const Value& masks, const Value& cpus, const Value& queue) {
  if (masks.is_null() || cpus.is_null() || !queue.is(K::Int)) return Value();
  std::optional<std::vector<int>> want = int_items(cpus);
  if (!want) throw EvalFailure{"xps_mask() of a value that is not a list of CPUs"};
  std::sort(want->begin(), want->end());
  want->erase(std::unique(want->begin(), want->end()), want->end());
  const int64_t queues = static_cast<int64_t>(masks.size());
  const int64_t q = queue.as_int();
  if (q < 0 || q >= queues) return Value();
  if (masks_partition(masks, *want)) return masks.at(static_cast<size_t>(q), nullptr);
  std::vector<int> mine;
  for (size_t j = static_cast<size_t>(q); j < want->size(); j += static_cast<size_t>(queues))
    mine.push_back((*want)[j]);
  return Value::string(format_cpumask(mine));
}

}  // namespace vtune::lang
