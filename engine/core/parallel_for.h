#pragma once
// parallel_for: runs body(i) for every i in [0, n) on up to `threads` threads, the caller's
// included, handing out indices one at a time. Meant for I/O-bound loops over independent
// items, such as the sysfs files of 64 NICs with 64 queues each: the body must write only
// item i's own output, so results come out in index order whatever the scheduling.
#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace vtune {

// How many threads `n` items deserve when each thread should get at least `min_items`:
// one for small loops, never more than the machine's cores or `max_threads`.
inline unsigned worker_count(size_t n, size_t min_items, unsigned max_threads = 4) {
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  size_t by_items = min_items == 0 ? n : n / min_items;
  return static_cast<unsigned>(std::clamp<size_t>(by_items, 1, std::min(cores, max_threads)));
}

// The first exception a body throws is rethrown in the caller once every thread has stopped.
template <class Body>
void parallel_for(size_t n, unsigned threads, Body&& body) {
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    try {
      for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) body(i);
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next.store(n, std::memory_order_relaxed);  // the others stop at their next item
    }
  };
  {
    std::vector<std::jthread> helpers;
    for (unsigned t = 1; t < threads; ++t) {
      try {
        helpers.emplace_back(work);
      } catch (const std::system_error&) {
        break;  // no more threads to be had: fewer hands do the same work
      }
    }
    work();
  }  // the jthreads join here
  if (failure) std::rethrow_exception(failure);
}

}  // namespace vtune
