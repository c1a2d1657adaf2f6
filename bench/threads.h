#pragma once
// The pieces the benchmark families share: the CPUs this process may run on, pinning a
// thread to one of them, a monotonic clock, and the size of the last-level cache.
#include <chrono>
#include <functional>
#include <vector>

namespace vtune {
class HostFs;
}

namespace vtune::bench {

using Clock = std::chrono::steady_clock;
inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), user and system, in seconds. A
// single-threaded measurement divides by it rather than by wall time, so the time the thread
// spent preempted by other work on a shared machine is not counted as cost.
double thread_cpu_seconds();

// The CPUs in this process's affinity mask (sched_getaffinity), ascending.
std::vector<int> usable_cpus();

// Pins the calling thread to `cpu` (sched_setaffinity); throws BenchError when refused.
void pin_to_cpu(int cpu);

// Runs fn(i) on one thread per entry of `cpus`, thread i pinned to cpus[i], and joins them.
// All threads start together (after every one is pinned). The first exception is rethrown.
void run_pinned(const std::vector<int>& cpus, const std::function<void(size_t)>& fn);

// The size in bytes of the highest-level data or unified cache of cpu0
// (/sys/devices/system/cpu/cpu0/cache/index*/{level,type,size}); 0 when unreadable.
size_t last_level_cache_bytes(const HostFs& fs);

}  // namespace vtune::bench
