// mem.copy/scale/add/triad: the STREAM kernels on one pinned thread per usable CPU, each on
// its own slice of three arrays, every array at least 4x the last-level cache. Bytes are
// counted as STREAM counts them: 2 arrays touched per element for Copy and Scale, 3 for Add
// and Triad, 8 bytes each; a write-allocate's extra read is not counted.
// mem.latency: one pinned thread chasing pointers through a random cyclic permutation of
// cache lines (Sattolo's algorithm), so every load depends on the last and prefetchers cannot
// guess the next line.
#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>

#include "bench/families.h"
#include "bench/threads.h"

namespace vtune::bench {
namespace {

constexpr size_t kMiB = 1024 * 1024;

size_t array_bytes(const Params& p, const Env& env, const char* param) {
  long mib = param_int(p, param);
  if (mib < 0) throw BenchError(std::string(param) + " must be 0 or more");
  if (mib > 0) return size_t(mib) * kMiB;
  size_t llc = last_level_cache_bytes(env.fs);
  return std::max<size_t>(4 * llc, 64 * kMiB);  // 64 MiB when the cache size is unknown
}

// Anonymous memory, released with munmap: STREAM's arrays are hundreds of MiB.
struct Mapping {
  explicit Mapping(size_t bytes) : size(bytes) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw BenchError("mmap of " + std::to_string(bytes) + " bytes failed");
    data = p;
  }
  ~Mapping() { munmap(data, size); }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  void* data;
  size_t size;
};

enum class Kernel { Copy, Scale, Add, Triad };

class StreamSession final : public Session {
 public:
  StreamSession(const Params& p, const Env& env, Kernel k)
      : kernel_(k),
        cpus_(usable_cpus()),
        n_(array_bytes(p, env, "array_mib") / sizeof(double)),
        a_(n_ * sizeof(double)),
        b_(n_ * sizeof(double)),
        c_(n_ * sizeof(double)) {
    long threads = param_int(p, "threads");
    if (threads > 0 && size_t(threads) < cpus_.size()) cpus_.resize(size_t(threads));
    // First touch by the thread that will use each slice, as STREAM's OpenMP init does.
    run_pinned(cpus_, [&](size_t t) {
      auto [lo, hi] = slice(t);
      for (size_t i = lo; i < hi; ++i) {
        A()[i] = 1.0;
        B()[i] = 2.0;
        C()[i] = 0.0;
      }
    });
  }

  Sample measure(double seconds) override {
    std::vector<uint64_t> passes(cpus_.size(), 0);
    std::vector<double> elapsed(cpus_.size(), 0);
    run_pinned(cpus_, [&](size_t t) {
      auto [lo, hi] = slice(t);
      double *a = A(), *b = B(), *c = C();
      const double q = 3.0;
      Clock::time_point t0 = Clock::now();
      uint64_t n = 0;
      do {
        switch (kernel_) {
          case Kernel::Copy:
            for (size_t i = lo; i < hi; ++i) c[i] = a[i];
            break;
          case Kernel::Scale:
            for (size_t i = lo; i < hi; ++i) b[i] = q * c[i];
            break;
          case Kernel::Add:
            for (size_t i = lo; i < hi; ++i) c[i] = a[i] + b[i];
            break;
          case Kernel::Triad:
            for (size_t i = lo; i < hi; ++i) a[i] = b[i] + q * c[i];
            break;
        }
        asm volatile("" ::: "memory");  // each pass is done, not folded into the next
        ++n;
      } while (seconds_since(t0) < seconds);
      elapsed[t] = seconds_since(t0);
      passes[t] = n;
    });
    double arrays = (kernel_ == Kernel::Copy || kernel_ == Kernel::Scale) ? 2 : 3;
    double bytes_per_sec = 0;
    for (size_t t = 0; t < cpus_.size(); ++t) {
      auto [lo, hi] = slice(t);
      bytes_per_sec += double(passes[t]) * double(hi - lo) * arrays * sizeof(double) / elapsed[t];
    }
    return {bytes_per_sec / 1e9,
            {{"array_bytes", "bytes", double(n_ * sizeof(double))},
             {"threads", "count", double(cpus_.size())}}};
  }

 private:
  std::pair<size_t, size_t> slice(size_t t) const {
    size_t per = n_ / cpus_.size();
    size_t lo = t * per;
    return {lo, t + 1 == cpus_.size() ? n_ : lo + per};
  }
  double* A() { return static_cast<double*>(a_.data); }
  double* B() { return static_cast<double*>(b_.data); }
  double* C() { return static_cast<double*>(c_.data); }

  Kernel kernel_;
  std::vector<int> cpus_;
  size_t n_;
  Mapping a_, b_, c_;
};

// One node per 64-byte cache line; `next` is the index of the following node.
struct alignas(64) Node {
  size_t next;
  char pad[64 - sizeof(size_t)];
};

constexpr size_t kHugePage = 2 * kMiB;

// The chase's nodes, 2 MiB-aligned so that with pages=huge every 2 MiB of them can be one
// transparent huge page (madvise(MADV_HUGEPAGE); a no-op when THP is "never").
struct ChaseMemory {
  ChaseMemory(size_t bytes, bool huge) : map(bytes + kHugePage) {
    uintptr_t p = reinterpret_cast<uintptr_t>(map.data);
    base = reinterpret_cast<void*>((p + kHugePage - 1) & ~(kHugePage - 1));
    madvise(base, bytes, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  }
  Mapping map;
  void* base;
};

class LatencySession final : public Session {
 public:
  LatencySession(const Params& p, const Env& env)
      : cpu_(usable_cpus()[0]),
        nodes_(array_bytes(p, env, "size_mib") / sizeof(Node)),
        mem_(nodes_ * sizeof(Node), param_text(p, "pages") == "huge") {
    // Sattolo: a uniformly random permutation with a single cycle through every node.
    std::vector<size_t> perm(nodes_);
    for (size_t i = 0; i < nodes_; ++i) perm[i] = i;
    std::mt19937_64 rng(0x5eed);
    for (size_t i = nodes_ - 1; i > 0; --i) {
      std::uniform_int_distribution<size_t> pick(0, i - 1);
      std::swap(perm[i], perm[pick(rng)]);
    }
    // Written by the pinned thread that chases, so its memory is local to that CPU's node.
    run_pinned({cpu_}, [&](size_t) {
      for (size_t i = 0; i < nodes_; ++i) nodes()[i].next = perm[i];
    });
  }

  // ns per load over the thread's CPU time, not wall time: on a shared machine the chase is
  // preempted, and a preempted chase makes no loads. The wall-time figure and the share of
  // the repetition the thread was on a CPU are secondary, so interference shows.
  Sample measure(double seconds) override {
    double cpu_ns = 0, wall_ns = 0, on_cpu = 0;
    run_pinned({cpu_}, [&](size_t) {
      const Node* n = nodes();
      size_t at = 0;
      uint64_t loads = 0;
      constexpr int kBatch = 1 << 16;
      double c0 = thread_cpu_seconds();
      Clock::time_point t0 = Clock::now();
      do {
        for (int i = 0; i < kBatch; ++i) at = n[at].next;
        loads += kBatch;
      } while (seconds_since(t0) < seconds);
      double el = seconds_since(t0), cpu = thread_cpu_seconds() - c0;
      asm volatile("" ::"r"(at));
      cpu_ns = cpu * 1e9 / double(loads);
      wall_ns = el * 1e9 / double(loads);
      on_cpu = cpu / el;
    });
    return {cpu_ns,
            {{"wall_ns_per_load", "ns/load", wall_ns},
             {"on_cpu", "fraction", on_cpu},
             {"size_bytes", "bytes", double(nodes_ * sizeof(Node))}}};
  }

 private:
  Node* nodes() { return static_cast<Node*>(mem_.base); }

  int cpu_;
  size_t nodes_;
  ChaseMemory mem_;
};

}  // namespace

std::unique_ptr<Session> make_mem_copy(const Params& p, const Env& e) {
  return std::make_unique<StreamSession>(p, e, Kernel::Copy);
}
std::unique_ptr<Session> make_mem_scale(const Params& p, const Env& e) {
  return std::make_unique<StreamSession>(p, e, Kernel::Scale);
}
std::unique_ptr<Session> make_mem_add(const Params& p, const Env& e) {
  return std::make_unique<StreamSession>(p, e, Kernel::Add);
}
std::unique_ptr<Session> make_mem_triad(const Params& p, const Env& e) {
  return std::make_unique<StreamSession>(p, e, Kernel::Triad);
}
std::unique_ptr<Session> make_mem_latency(const Params& p, const Env& e) {
  return std::make_unique<LatencySession>(p, e);
}

}  // namespace vtune::bench
