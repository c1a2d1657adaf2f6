#include "bench/runner.h"

#include <algorithm>

#include "bench/threads.h"

namespace vtune::bench {

double expected_seconds(const BenchmarkSpec& spec, const Params& params,
                        const RunOptions& options) {
  auto rep = [&](double d) { return spec.rep_seconds ? spec.rep_seconds(params, d) : d; };
  return rep(std::min(options.warmup_seconds, options.seconds)) +
         options.reps * rep(options.seconds);
}

BenchResult run_benchmark(const BenchmarkSpec& spec, const Params& params, const Env& env,
                          const RunOptions& options, const Progress& progress) {
  if (options.reps < 1) throw BenchError("--reps must be at least 1");
  if (!(options.seconds > 0)) throw BenchError("--duration must be positive");
  BenchResult result;
  result.spec = &spec;
  result.params = params;
  Clock::time_point t0 = Clock::now();
  std::unique_ptr<Session> session = spec.factory(params, env);
  result.setup_seconds = seconds_since(t0);
  if (progress) progress(spec, 0, options.reps);
  session->measure(std::min(options.warmup_seconds, options.seconds));
  std::vector<std::vector<double>> secondary_samples;
  for (int rep = 1; rep <= options.reps; ++rep) {
    if (progress) progress(spec, rep, options.reps);
    Sample s = session->measure(options.seconds);
    result.samples.push_back(s.value);
    for (const Metric& m : s.secondary) {
      auto it = std::find_if(result.secondary.begin(), result.secondary.end(),
                             [&](const MetricSummary& x) { return x.name == m.name; });
      if (it == result.secondary.end()) {
        result.secondary.push_back({m.name, m.unit, {}});
        secondary_samples.emplace_back();
        it = result.secondary.end() - 1;
      }
      secondary_samples[size_t(it - result.secondary.begin())].push_back(m.value);
    }
  }
  session.reset();  // tear-down is part of what a benchmark costs
  result.elapsed_seconds = seconds_since(t0);
  result.summary = summarize(result.samples);
  for (size_t i = 0; i < result.secondary.size(); ++i)
    result.secondary[i].summary = summarize(secondary_samples[i]);
  return result;
}

}  // namespace vtune::bench
