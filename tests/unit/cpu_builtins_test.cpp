// The CPU-picking built-ins: xps_mask (N7) and local_cpus on hosts as real kernels lay
// them out (CPU-less memory nodes, no distance matrix).
#include <doctest/doctest.h>

#include <algorithm>

#include "engine/core/text.h"
#include "engine/lang/cpu_builtins.h"

namespace vtune::lang {
namespace {

Value ints(std::vector<int> v) {
  std::vector<Value> out;
  for (int i : v) out.push_back(Value::integer(i));
  return Value::list(std::move(out));
}

Value strings(std::vector<std::string> v) {
  std::vector<Value> out;
  for (std::string& s : v) out.push_back(Value::string(std::move(s)));
  return Value::list(std::move(out));
}

std::vector<int> cpus_of_mask(const Value& v) {
  REQUIRE(v.is(Value::Kind::String));
  std::optional<std::vector<int>> c = parse_cpumask(v.str());
  REQUIRE(c);
  return *c;
}

// Every mask of the NIC, as the rule would set it.
std::vector<std::vector<int>> plan(const Value& masks, const Value& cpus) {
  std::vector<std::vector<int>> out;
  for (size_t q = 0; q < masks.size(); ++q)
    out.push_back(cpus_of_mask(xps_mask(masks, cpus, Value::integer(static_cast<int64_t>(q)))));
  return out;
}

// Each of `cpus` in exactly one mask, and no other CPU anywhere.
void check_partition(const std::vector<std::vector<int>>& masks, const std::vector<int>& cpus) {
  std::vector<int> all;
  for (const auto& m : masks) all.insert(all.end(), m.begin(), m.end());
  std::sort(all.begin(), all.end());
  CHECK(all == cpus);
}

std::vector<int> range(int a, int b) {
  std::vector<int> v;
  for (int i = a; i <= b; ++i) v.push_back(i);
  return v;
}

}  // namespace

TEST_CASE("xps_mask: fewer queues than CPUs spreads every CPU over the queues") {
  // baremetal-2s ens2f0: 8 queues, node 1 has 48 CPUs, the driver mapped only 24-31.
  std::vector<int> node1 = range(24, 47);
  for (int c : range(72, 95)) node1.push_back(c);
  std::vector<std::string> driver;
  for (int q = 0; q < 8; ++q) driver.push_back(format_cpumask({24 + q}));
  auto masks = plan(strings(driver), ints(node1));
  check_partition(masks, node1);
  CHECK(masks[0] == std::vector<int>{24, 32, 40, 72, 80, 88});
  for (const auto& m : masks) CHECK(m.size() == 6);
}

TEST_CASE("xps_mask: more queues than CPUs gives each CPU one queue and the rest none") {
  // baremetal-2s eno1: 64 queues on node 0's 48 CPUs; the old rule gave CPUs 0-15 two queues.
  std::vector<int> node0 = range(0, 23);
  for (int c : range(48, 71)) node0.push_back(c);
  std::vector<std::string> driver;
  for (int q = 0; q < 64; ++q) driver.push_back(format_cpumask({q}));
  auto masks = plan(strings(driver), ints(node0));
  check_partition(masks, node0);
  CHECK(masks[24] == std::vector<int>{48});
  for (int q = 48; q < 64; ++q) CHECK(masks[q].empty());  // XPS off: no CPU picks them
}

TEST_CASE("xps_mask: a map that already partitions the CPUs is kept, judged as a whole") {
  std::vector<std::string> mine{"3", "c"};  // {0,1}, {2,3}: not the stripe order
  Value masks = strings(mine), cpus = ints({0, 1, 2, 3});
  CHECK(xps_mask(masks, cpus, Value::integer(0)).str() == "3");
  CHECK(xps_mask(masks, cpus, Value::integer(1)).str() == "c");
  // Overlapping masks, a missing CPU, or a CPU of another node: not a partition.
  CHECK(cpus_of_mask(xps_mask(strings({"3", "6"}), cpus, Value::integer(0))) ==
        std::vector<int>{0, 2});
  CHECK(cpus_of_mask(xps_mask(strings({"1", "2"}), cpus, Value::integer(1))) ==
        std::vector<int>{1, 3});
  CHECK(cpus_of_mask(xps_mask(strings({"3", "1c"}), cpus, Value::integer(1))) ==
        std::vector<int>{1, 3});
  // Out of range or unknown: null, never a guess.
  CHECK(xps_mask(masks, cpus, Value::integer(2)).is_null());
  CHECK(xps_mask(Value(), cpus, Value::integer(0)).is_null());
}

TEST_CASE("local_cpus: a NIC on a CPU-less node uses the nearest nodes with CPUs") {
  // Node 2 is CXL memory: no CPUs, nearer to node 1 (20) than to node 0 (30).
  Facts facts = Json::parse(R"({"numa": {
    "nodes": [{"id": 0, "cpus": [0, 1]}, {"id": 1, "cpus": [2, 3]}, {"id": 2, "cpus": []}],
    "distances": [[10, 21, 30], [21, 10, 20], [30, 20, 10]]}})");
  auto cpus = [&](const char* nic) {
    Value v = nic_local_cpus(facts, Json::parse(nic));
    std::vector<int> out;
    for (size_t i = 0; i < v.size(); ++i)
      out.push_back(static_cast<int>(v.at(i, nullptr).as_int()));
    return out;
  };
  CHECK(cpus(R"({"numa_node": 0})") == std::vector<int>{0, 1});
  CHECK(cpus(R"({"numa_node": 2})") == std::vector<int>{2, 3});
  CHECK(nic_local_cpus(facts, Json::parse(R"({"numa_node": null})")).is_null());
  CHECK(nic_local_cpus(facts, Json::parse(R"({"numa_node": 5})")).is_null());

  // Equally near: both; no distance matrix: every node's CPUs. Never an empty list.
  facts["numa"]["distances"] = Json::parse("[[10, 21, 25], [21, 10, 25], [25, 25, 10]]");
  CHECK(cpus(R"({"numa_node": 2})") == std::vector<int>{0, 1, 2, 3});
  facts["numa"]["distances"] = nullptr;
  CHECK(cpus(R"({"numa_node": 2})") == std::vector<int>{0, 1, 2, 3});
}

}  // namespace vtune::lang
