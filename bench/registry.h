#pragma once
// Every benchmark, in one table (registry.cpp): its name, unit, direction, family, the
// reference tool it stands beside, its parameters with their defaults (named in that tool's
// terms) and the factory that sets it up. The profile validator reads the same table
// (engine/profile/benchmarks.h), so adding a benchmark is one row here.
#include <span>
#include <string_view>
#include <vector>

#include "bench/benchmark.h"

namespace vtune::bench {

enum class Direction { HigherIsBetter, LowerIsBetter };
std::string_view direction_name(Direction d);  // "higher" or "lower"

struct ParamSpec {
  const char* name;
  const char* default_value;
  const char* meaning;  // in the reference tool's terms: "fio iodepth", "iperf3 -P"
};

struct BenchmarkSpec {
  const char* name;    // "mem.triad"
  const char* family;  // "mem"
  const char* unit;    // "GB/s"
  Direction direction;
  const char* reference;  // the tool it corresponds to
  const char* summary;
  std::vector<ParamSpec> params;
  Factory factory;
};

std::span<const BenchmarkSpec> all_benchmarks();
const BenchmarkSpec* find_benchmark(std::string_view name);

// The defaults of a benchmark's parameters.
Params default_params(const BenchmarkSpec& spec);

// The benchmarks a command line selects: each argument is a name ("net.tcp_rr") or a family
// ("net"); none selects all. Registry order, no duplicates; an unknown argument is returned in
// `unknown`.
std::vector<const BenchmarkSpec*> select_benchmarks(const std::vector<std::string>& args,
                                                    std::vector<std::string>& unknown);

}  // namespace vtune::bench
