#pragma once
// Runs one benchmark: set up its session, one warm-up measurement (discarded), then `reps`
// measurements of `seconds` each, then tear down. --duration is the time of one repetition.
#include <functional>
#include <string>

#include "bench/registry.h"
#include "bench/stats.h"

namespace vtune::bench {

struct RunOptions {
  int reps = 5;
  double seconds = 1.0;         // per repetition
  double warmup_seconds = 0.2;  // capped at `seconds`
};

// Called before each measurement: rep is 0 for the warm-up, then 1..reps.
using Progress = std::function<void(const BenchmarkSpec& spec, int rep, int reps)>;

struct MetricSummary {
  std::string name;
  std::string unit;
  Summary summary;
};

struct BenchResult {
  const BenchmarkSpec* spec = nullptr;
  Params params;
  std::vector<double> samples;  // the primary value of each repetition
  Summary summary;
  std::vector<MetricSummary> secondary;  // in the order the first repetition named them
  double setup_seconds = 0;              // the session's construction (arrays touched, file filled)
  double elapsed_seconds = 0;            // everything: set-up, warm-up, repetitions, tear-down
};

// The time run_benchmark should take, set-up and tear-down aside: the warm-up and `reps`
// repetitions, each --duration long or as long as the spec's rep_seconds says.
double expected_seconds(const BenchmarkSpec& spec, const Params& params, const RunOptions& options);

// Throws BenchError (or std::system_error) when the benchmark cannot run here.
BenchResult run_benchmark(const BenchmarkSpec& spec, const Params& params, const Env& env,
                          const RunOptions& options, const Progress& progress = {});

}  // namespace vtune::bench
