#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <string>

#include "bench/param_overrides.h"
#include "bench/registry.h"
#include "bench/runner.h"
#include "bench/stats.h"
#include "engine/core/memory_host_fs.h"
#include "engine/profile/benchmarks.h"

using namespace vtune::bench;

TEST_CASE("bench stats: median, min, max, cv on known samples") {
  Summary s = summarize({5, 1, 4, 2, 3});
  CHECK(s.reps == 5);
  CHECK(s.median == 3);
  CHECK(s.min == 1);
  CHECK(s.max == 5);
  // mean 3, sample variance (4+1+0+1+4)/4 = 2.5
  CHECK(s.cv == doctest::Approx(std::sqrt(2.5) / 3).epsilon(1e-12));
  CHECK(median({4, 1, 3, 2}) == 2.5);
  CHECK(coefficient_of_variation({7}) == 0);
  CHECK(coefficient_of_variation({2, 2, 2}) == 0);
  CHECK_THROWS(summarize({}));
}

TEST_CASE("bench stats: order-statistic 95% CI of the median") {
  // n = 5: no pair reaches 95%; [min, max] covers 1 - 2/32 = 93.75%.
  MedianCiRank r5 = median_ci_rank(5);
  CHECK(r5.k == 1);
  CHECK(r5.coverage == doctest::Approx(0.9375));
  // n = 10: k = 2 covers 1 - 2*11/1024 = 0.978515625; k = 3 would be 0.890625.
  MedianCiRank r10 = median_ci_rank(10);
  CHECK(r10.k == 2);
  CHECK(r10.coverage == doctest::Approx(1 - 22.0 / 1024));
  // n = 20: k = 6, 1 - 2*P(B<=5) = 1 - 2*21700/1048576.
  MedianCiRank r20 = median_ci_rank(20);
  CHECK(r20.k == 6);
  CHECK(r20.coverage == doctest::Approx(1 - 2 * 21700.0 / 1048576));
  Summary s = summarize({10, 1, 9, 2, 8, 3, 7, 4, 6, 5});
  CHECK(s.ci_lo == 2);
  CHECK(s.ci_hi == 9);
  CHECK(s.median == 5.5);
  Summary one = summarize({42});
  CHECK(one.ci_lo == 42);
  CHECK(one.ci_hi == 42);
  CHECK(one.ci_coverage == 0);
}

TEST_CASE("bench stats: percentile interpolates between ranks") {
  CHECK(percentile({1, 2, 3, 4, 5}, 50) == 3);
  CHECK(percentile({1, 2, 3, 4}, 50) == 2.5);
  CHECK(percentile({0, 10}, 99) == doctest::Approx(9.9));
  CHECK(percentile({3, 1, 2}, 100) == 3);
  CHECK(percentile({3, 1, 2}, 0) == 1);
}

TEST_CASE("bench registry: unique names, units, directions, families, defaults") {
  std::set<std::string> names;
  for (const BenchmarkSpec& b : all_benchmarks()) {
    CAPTURE(b.name);
    CHECK(names.insert(b.name).second);
    CHECK(std::string(b.unit).size() > 0);
    CHECK(std::string(b.reference).size() > 0);
    CHECK(std::string(b.name).rfind(std::string(b.family) + ".", 0) == 0);
    CHECK((b.direction == Direction::HigherIsBetter || b.direction == Direction::LowerIsBetter));
    CHECK(static_cast<bool>(b.factory));
    for (const ParamSpec& p : b.params) CHECK(std::string(p.meaning).size() > 0);
    CHECK(default_params(b).size() == b.params.size());
    CHECK(vtune::is_known_benchmark(b.name));
  }
  for (const char* n : {"cpu.int", "cpu.fp", "mem.copy", "mem.scale", "mem.add", "mem.triad",
                        "mem.latency", "sys.syscall", "sys.ctxswitch", "net.tcp_rr", "net.tcp_crr",
                        "net.tcp_stream", "net.accept_burst", "storage.randread4k",
                        "storage.randwrite4k", "storage.seqread", "storage.seqwrite"})
    CHECK(find_benchmark(n) != nullptr);
  CHECK(find_benchmark("mem.latency")->direction == Direction::LowerIsBetter);
  CHECK_FALSE(vtune::is_known_benchmark("memory.bandwidth"));
}

TEST_CASE("bench registry: selection by name and family, registry order, unknowns") {
  std::vector<std::string> unknown;
  auto all = select_benchmarks({}, unknown);
  CHECK(all.size() == all_benchmarks().size());
  auto sel = select_benchmarks({"sys.syscall", "cpu", "cpu.int", "nope"}, unknown);
  REQUIRE(sel.size() == 3);
  CHECK(std::string(sel[0]->name) == "cpu.int");
  CHECK(std::string(sel[1]->name) == "cpu.fp");
  CHECK(std::string(sel[2]->name) == "sys.syscall");
  CHECK(unknown == std::vector<std::string>{"nope"});
}

TEST_CASE("bench registry: every default is a valid value of its parameter") {
  for (const BenchmarkSpec& b : all_benchmarks())
    for (const ParamSpec& p : b.params) {
      CAPTURE(b.name);
      CAPTURE(p.name);
      CHECK(check_param(p, p.default_value) == "");
    }
  const ParamSpec* depth = find_param(*find_benchmark("storage.randread4k"), "iodepth");
  REQUIRE(depth != nullptr);
  CHECK(check_param(*depth, "0") == "an integer 1..4096");
  CHECK(check_param(*depth, "4097") != "");
  CHECK(check_param(*depth, "deep") != "");
  CHECK(check_param(*depth, "1") == "");
  const ParamSpec* place = find_param(*find_benchmark("sys.ctxswitch"), "placement");
  CHECK(check_param(*place, "different") == "");
  CHECK(check_param(*place, "elsewhere") == "one of same|different");
  CHECK(find_param(*find_benchmark("sys.syscall"), "placement") == nullptr);
}

TEST_CASE("bench --param: bench.param, bare param on every selected benchmark, errors") {
  std::vector<std::string> unknown;
  auto sel = select_benchmarks({"net.tcp_rr", "net.tcp_crr", "storage.randread4k"}, unknown);
  auto p = resolve_params(sel, {"request_size=64", "net.tcp_crr.request_size=128", "iodepth=8",
                                "net.tcp_rr.response_size=2"});
  const BenchmarkSpec* rr = find_benchmark("net.tcp_rr");
  const BenchmarkSpec* crr = find_benchmark("net.tcp_crr");
  const BenchmarkSpec* rd = find_benchmark("storage.randread4k");
  CHECK(p.at(rr).at("request_size") == "64");
  CHECK(p.at(rr).at("response_size") == "2");
  CHECK(p.at(crr).at("request_size") == "128");  // the later assignment wins
  CHECK(p.at(crr).at("response_size") == "1");   // untouched: the default
  CHECK(p.at(rd).at("iodepth") == "8");
  CHECK(p.at(rd).at("size_mib") == "256");
  auto message = [&](std::vector<std::string> a) {
    try {
      resolve_params(sel, a);
    } catch (const ParamError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string m = message({"net.tcp_rr.reqsize=64"});
  CHECK(m.find("no parameter reqsize") != std::string::npos);
  CHECK(m.find("request_size, response_size") != std::string::npos);
  m = message({"depth=4"});
  CHECK(m.find("no selected benchmark has a parameter depth") != std::string::npos);
  CHECK(m.find("iodepth") != std::string::npos);
  m = message({"iodepth=0"});
  CHECK(m.find("storage.randread4k.iodepth=0") != std::string::npos);
  CHECK(m.find("1..4096") != std::string::npos);
  CHECK(message({"sys.syscall.x=1"}).find("not among the selected") != std::string::npos);
  CHECK(message({"cpu.nope.x=1"}).find("no benchmark cpu.nope") != std::string::npos);
  CHECK(message({"iodepth"}).find("NAME=VALUE") != std::string::npos);
  CHECK(message({"=3"}).find("NAME=VALUE") != std::string::npos);
}

TEST_CASE("bench runner: expected_seconds, --duration per repetition or the spec's own length") {
  RunOptions ro;  // 5 reps of 1 s, a 0.2 s warm-up
  const BenchmarkSpec& sys = *find_benchmark("sys.syscall");
  CHECK(expected_seconds(sys, default_params(sys), ro) == doctest::Approx(5.2));
  // One burst per repetition: 512 connects x (200 + 50) us, whatever --duration says.
  const BenchmarkSpec& burst = *find_benchmark("net.accept_burst");
  Params p = default_params(burst);
  CHECK(expected_seconds(burst, p, ro) == doctest::Approx(6 * 0.128));
  p["timeout_ms"] = "100";  // capped by the timeout
  CHECK(expected_seconds(burst, p, ro) == doctest::Approx(6 * 0.1));
}

namespace {
// A benchmark whose measurements are 1, 2, 3, ... (the warm-up is 0), with a secondary 10x.
int g_calls = 0;
class CountingSession final : public Session {
 public:
  Sample measure(double) override {
    double v = double(g_calls++);
    return {v, {{"tenfold", "x", 10 * v}}};
  }
};
std::unique_ptr<Session> make_counting(const Params&, const Env&) {
  return std::make_unique<CountingSession>();
}
}  // namespace

TEST_CASE("bench runner: warm-up discarded, reps summarised, progress called") {
  g_calls = 0;
  BenchmarkSpec spec{"test.count", "test",   "n", Direction::HigherIsBetter,
                     "none",       "counts", {},  make_counting};
  vtune::MemoryHostFs fs;
  Env env{fs, "/tmp"};
  std::vector<int> reps_seen;
  RunOptions ro;
  ro.reps = 4;
  ro.seconds = 0.01;
  BenchResult r = run_benchmark(
      spec, {}, env, ro, [&](const BenchmarkSpec&, int rep, int) { reps_seen.push_back(rep); });
  CHECK(reps_seen == std::vector<int>{0, 1, 2, 3, 4});
  CHECK(r.samples == std::vector<double>{1, 2, 3, 4});
  CHECK(r.summary.median == 2.5);
  CHECK(r.summary.min == 1);
  REQUIRE(r.secondary.size() == 1);
  CHECK(r.secondary[0].name == "tenfold");
  CHECK(r.secondary[0].summary.max == 40);
  ro.reps = 0;
  CHECK_THROWS_AS(run_benchmark(spec, {}, env, ro), BenchError);
}

TEST_CASE("bench: sys.syscall and the pointer chase measure positive values") {
  vtune::MemoryHostFs fs;  // no /sys: mem.latency falls back to its 64 MiB default
  Env env{fs, "/tmp"};
  RunOptions ro;
  ro.reps = 2;
  ro.seconds = 0.05;
  ro.warmup_seconds = 0.01;
  BenchResult s = run_benchmark(*find_benchmark("sys.syscall"),
                                default_params(*find_benchmark("sys.syscall")), env, ro);
  CHECK(s.summary.min > 0);
  Params p = default_params(*find_benchmark("mem.latency"));
  p["size_mib"] = "8";
  BenchResult m = run_benchmark(*find_benchmark("mem.latency"), p, env, ro);
  CHECK(m.summary.min > 0);
  p["size_mib"] = "many";
  CHECK_THROWS_AS(run_benchmark(*find_benchmark("mem.latency"), p, env, ro), BenchError);
}
