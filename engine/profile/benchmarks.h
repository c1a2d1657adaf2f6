#pragma once
// The benchmark ids a profile's [verify] section may name: the names in the bench/ registry
// (bench/registry.cpp), the same table `vtune bench` runs, so the two cannot drift.
#include <string_view>
#include <vector>

#include "bench/registry.h"

namespace vtune {

// Every id, in registry order (for "did you mean").
inline std::vector<std::string_view> known_benchmark_ids() {
  std::vector<std::string_view> ids;
  for (const bench::BenchmarkSpec& b : bench::all_benchmarks()) ids.push_back(b.name);
  return ids;
}

inline bool is_known_benchmark(std::string_view id) {
  return bench::find_benchmark(id) != nullptr;
}

}  // namespace vtune
