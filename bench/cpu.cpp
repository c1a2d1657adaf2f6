// cpu.int and cpu.fp: a fixed kernel run on one pinned thread, then on one pinned thread per
// usable CPU. The primary figure is the all-core throughput; the single-core figure and the
// efficiency all / (threads x single) are secondary.
#include <atomic>
#include <cstdint>

#include "bench/families.h"
#include "bench/threads.h"

namespace vtune::bench {
namespace {

// One chunk of the integer kernel: 4 independent chains of multiply, xor, shift and add,
// 4 operations each, so 16 ops per iteration.
constexpr int kIntChunk = 1 << 16;
constexpr double kIntOpsPerChunk = 16.0 * kIntChunk;
uint64_t int_chunk(uint64_t seed) {
  uint64_t a = seed | 1, b = seed ^ 0x9e3779b97f4a7c15ULL, c = seed + 7, d = ~seed;
  for (int i = 0; i < kIntChunk; ++i) {
    a = (a * 0x2545f4914f6cdd1dULL) ^ (a >> 29);
    b = (b * 0x9e3779b97f4a7c15ULL) ^ (b >> 31);
    c = (c * 0xbf58476d1ce4e5b9ULL) ^ (c >> 27);
    d = (d * 0x94d049bb133111ebULL) ^ (d >> 30);
    a += d;
    b += a;
    c += b;
    d += c;
  }
  return a ^ b ^ c ^ d;
}

// One chunk of the floating-point kernel: 8 independent multiply-add chains, 2 flops each.
constexpr int kFpChunk = 1 << 16;
constexpr double kFpFlopsPerChunk = 16.0 * kFpChunk;
double fp_chunk(double seed) {
  double x[8];
  for (int j = 0; j < 8; ++j) x[j] = seed + j;
  const double m = 0.999999, k = 1e-7;
  for (int i = 0; i < kFpChunk; ++i)
    for (int j = 0; j < 8; ++j) x[j] = x[j] * m + k;
  double s = 0;
  for (double v : x) s += v;
  return s;
}

std::atomic<uint64_t> g_sink{0};

// Work units per second of `chunk` on the given CPUs, for `seconds`.
template <class Chunk>
double throughput(const std::vector<int>& cpus, double seconds, double work_per_chunk,
                  Chunk chunk) {
  std::vector<uint64_t> chunks(cpus.size(), 0);
  std::vector<double> elapsed(cpus.size(), 0);
  run_pinned(cpus, [&](size_t i) {
    Clock::time_point t0 = Clock::now();
    uint64_t n = 0, sink = 0;
    do {
      sink += chunk(n + i);
      ++n;
    } while (seconds_since(t0) < seconds);
    elapsed[i] = seconds_since(t0);
    chunks[i] = n;
    g_sink.fetch_add(sink, std::memory_order_relaxed);
  });
  double rate = 0;
  for (size_t i = 0; i < cpus.size(); ++i) rate += double(chunks[i]) * work_per_chunk / elapsed[i];
  return rate;
}

template <class Chunk>
class CpuSession final : public Session {
 public:
  CpuSession(const Params& p, double work_per_chunk, double scale, Chunk chunk)
      : cpus_(usable_cpus()), work_(work_per_chunk), scale_(scale), chunk_(chunk) {
    long threads = param_int(p, "threads");
    if (threads < 0) throw BenchError("threads must be 0 or more");
    if (threads > 0 && size_t(threads) < cpus_.size()) cpus_.resize(size_t(threads));
  }
  Sample measure(double seconds) override {
    double single = throughput({cpus_[0]}, seconds / 2, work_, chunk_) / scale_;
    double all = throughput(cpus_, seconds / 2, work_, chunk_) / scale_;
    double efficiency = all / (double(cpus_.size()) * single);
    return {all,
            {{"single_core", scale_ == 1e6 ? "Mops/s" : "GFLOP/s", single},
             {"efficiency", "ratio", efficiency},
             {"threads", "count", double(cpus_.size())}}};
  }

 private:
  std::vector<int> cpus_;
  double work_, scale_;
  Chunk chunk_;
};

}  // namespace

std::unique_ptr<Session> make_cpu_int(const Params& params, const Env&) {
  auto chunk = [](uint64_t s) { return int_chunk(s); };
  return std::make_unique<CpuSession<decltype(chunk)>>(params, kIntOpsPerChunk, 1e6, chunk);
}

std::unique_ptr<Session> make_cpu_fp(const Params& params, const Env&) {
  auto chunk = [](uint64_t s) { return uint64_t(fp_chunk(double(s % 1000)) * 1e3); };
  return std::make_unique<CpuSession<decltype(chunk)>>(params, kFpFlopsPerChunk, 1e9, chunk);
}

}  // namespace vtune::bench
