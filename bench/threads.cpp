#include "bench/threads.h"

#include <sched.h>
#include <time.h>

#include <barrier>
#include <cerrno>
#include <cstring>
#include <exception>
#include <mutex>
#include <string>
#include <thread>

#include "bench/benchmark.h"
#include "engine/core/host_fs.h"
#include "engine/core/text.h"

namespace vtune::bench {

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

std::vector<int> usable_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return {0};
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  if (cpus.empty()) cpus.push_back(0);
  return cpus;
}

void pin_to_cpu(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0)
    throw BenchError("sched_setaffinity(cpu " + std::to_string(cpu) + "): " + std::strerror(errno));
}

void run_pinned(const std::vector<int>& cpus, const std::function<void(size_t)>& fn) {
  std::barrier start(std::ptrdiff_t(cpus.size()));
  std::mutex mu;
  std::exception_ptr first;
  std::vector<std::thread> threads;
  threads.reserve(cpus.size());
  for (size_t i = 0; i < cpus.size(); ++i)
    threads.emplace_back([&, i] {
      try {
        pin_to_cpu(cpus[i]);
        start.arrive_and_wait();
        fn(i);
      } catch (...) {
        std::lock_guard lock(mu);
        if (!first) first = std::current_exception();
      }
    });
  for (std::thread& t : threads) t.join();
  if (first) std::rethrow_exception(first);
}

size_t last_level_cache_bytes(const HostFs& fs) {
  const std::string base = "/sys/devices/system/cpu/cpu0/cache";
  auto entries = fs.list_dir(base);
  if (!entries) return 0;
  int best_level = 0;
  size_t best = 0;
  for (const DirEntry& e : *entries) {
    if (e.name.rfind("index", 0) != 0) continue;
    std::string dir = base + "/" + e.name;
    auto type = fs.read_file(dir + "/type");
    auto level = fs.read_file(dir + "/level");
    auto size = fs.read_file(dir + "/size");
    if (!type || !level || !size || trim(*type) == "Instruction") continue;
    int l = std::atoi(std::string(trim(*level)).c_str());
    // sysfs writes "32768K"; K is KiB here.
    std::string s(trim(*size));
    size_t mult = 1;
    if (!s.empty() && (s.back() == 'K' || s.back() == 'M')) {
      mult = s.back() == 'K' ? 1024 : 1024 * 1024;
      s.pop_back();
    }
    size_t bytes = size_t(std::strtoull(s.c_str(), nullptr, 10)) * mult;
    if (l > best_level || (l == best_level && bytes > best)) {
      best_level = l;
      best = bytes;
    }
  }
  return best;
}

}  // namespace vtune::bench
