#pragma once
// Every benchmark, in one table (registry.cpp): its name, unit, direction, family, the
// reference tool it stands beside, its parameters with their defaults (named in that tool's
// terms) and the factory that sets it up. The profile validator reads the same table
// (engine/profile/benchmarks.h), so adding a benchmark is one row here.
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bench/benchmark.h"

namespace vtune::bench {

enum class Direction { HigherIsBetter, LowerIsBetter };
std::string_view direction_name(Direction d);  // "higher" or "lower"

// What values a parameter accepts: an integer in [min, max], or one of `choices` ("a|b").
enum class ParamType { Integer, Choice };

struct ParamSpec {
  const char* name;
  const char* default_value;
  const char* meaning;  // in the reference tool's terms: "fio iodepth", "iperf3 -P"
  ParamType type = ParamType::Integer;
  long min = 0;
  long max = std::numeric_limits<long>::max();
  const char* choices = nullptr;  // "same|different", for ParamType::Choice
};

// Why `value` is not a valid value of `spec` ("an integer 1..4096", "one of same|different"),
// or empty when it is.
std::string check_param(const ParamSpec& spec, std::string_view value);

// "integer 1..4096", "same|different": the values a parameter accepts, for messages and --list.
std::string param_domain(const ParamSpec& spec);

struct BenchmarkSpec {
  const char* name;    // "mem.triad"
  const char* family;  // "mem"
  const char* unit;    // "GB/s"
  Direction direction;
  const char* reference;  // the tool it corresponds to
  const char* summary;
  std::vector<ParamSpec> params;
  Factory factory;
  // How long one repetition takes when that is not --duration (net.accept_burst is one burst
  // per repetition); null when a repetition lasts --duration. For the progress line's ETA.
  double (*rep_seconds)(const Params& params, double duration) = nullptr;
};

std::span<const BenchmarkSpec> all_benchmarks();
const BenchmarkSpec* find_benchmark(std::string_view name);

const ParamSpec* find_param(const BenchmarkSpec& bench, std::string_view name);

// The defaults of a benchmark's parameters.
Params default_params(const BenchmarkSpec& spec);

// The benchmarks a command line selects: each argument is a name ("net.tcp_rr") or a family
// ("net"); none selects all. Registry order, no duplicates; an unknown argument is returned in
// `unknown`.
std::vector<const BenchmarkSpec*> select_benchmarks(const std::vector<std::string>& args,
                                                    std::vector<std::string>& unknown);

}  // namespace vtune::bench
