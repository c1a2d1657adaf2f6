#include <benchmark/benchmark.h>

#include "engine/core/text.h"

// Baseline for the per-queue mask parsing the NIC probe does thousands of times.
static void BM_ParseCpumask(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(vtune::parse_cpumask("ffffffff,ffffffff,ffffffff"));
}
BENCHMARK(BM_ParseCpumask);
