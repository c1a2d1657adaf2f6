// vtune facts: the live host, and a synthetic 256-CPU / 8-node / 64x64-queue / 128-disk root.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "engine/facts/host_backend.h"
#include "probes/collect.h"
#include "tests/perf/synthetic_host.h"

namespace {

vtune::Json collect(const std::string& root) {
  vtune::HostBackend backend(root);
  vtune::Warnings warnings;
  vtune::ProbeOptions options;
  return vtune::collect_facts(backend.host(), options, warnings);
}

// VTUNE_SYNTHETIC_ROOT=DIR writes the synthetic host to DIR and keeps it, so it can be
// profiled with `vtune facts --root DIR` (strace -c, perf record).
const std::string& synthetic_root() {
  static const std::string dir = [] {
    if (const char* keep = std::getenv("VTUNE_SYNTHETIC_ROOT")) {
      std::filesystem::remove_all(keep);
      vtune::perf::write_synthetic_host(keep, {});
      return std::string(keep);
    }
    char tmpl[] = "/tmp/vtune-synthetic-XXXXXX";
    std::string d = ::mkdtemp(tmpl);
    vtune::perf::write_synthetic_host(d, {});
    std::atexit([] { std::filesystem::remove_all(synthetic_root()); });
    return d;
  }();
  return dir;
}

void BM_FactsLiveHost(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(collect("/"));
}
BENCHMARK(BM_FactsLiveHost)->Unit(benchmark::kMillisecond);

void BM_FactsSyntheticLargeHost(benchmark::State& state) {
  const std::string& root = synthetic_root();
  vtune::Json probe = collect(root);
  // Refuse to report a figure for a tree the probes did not fully see.
  size_t queues = 0;
  if (probe["nics"].is_array())
    for (const auto& n : probe["nics"])
      queues += n["rps_cpus"].is_array() ? n["rps_cpus"].size() : 0;
  if (!probe["nics"].is_array() || probe["nics"].size() != 64 || queues != 64 * 64 ||
      !probe["disks"].is_array() || probe["disks"].size() != 128 ||
      probe["cpu"]["threads"] != 256 || probe["numa"]["nodes"].size() != 8) {
    state.SkipWithError("the probes did not see the whole synthetic host");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(collect(root));
  state.counters["nics"] = 64;
  state.counters["queues"] = static_cast<double>(queues);
  state.counters["disks"] = 128;
}
BENCHMARK(BM_FactsSyntheticLargeHost)->Unit(benchmark::kMillisecond);

}  // namespace
