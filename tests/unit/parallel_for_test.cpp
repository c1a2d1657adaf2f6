#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "engine/core/parallel_for.h"

namespace vtune {

TEST_CASE("parallel_for: every index exactly once, results in index order") {
  for (unsigned threads : {1u, 2u, 4u}) {
    CAPTURE(threads);
    std::vector<int> out(1000, -1);
    std::vector<std::atomic<int>> visits(1000);
    parallel_for(out.size(), threads, [&](size_t i) {
      out[i] = static_cast<int>(i * 2);
      visits[i].fetch_add(1);
    });
    for (size_t i = 0; i < out.size(); ++i) {
      CHECK(out[i] == static_cast<int>(i * 2));
      CHECK(visits[i].load() == 1);
    }
  }
}

TEST_CASE("parallel_for: no items, no calls") {
  int calls = 0;
  parallel_for(0, 4, [&](size_t) { ++calls; });
  CHECK(calls == 0);
}

TEST_CASE("parallel_for: a body's exception reaches the caller after every thread stopped") {
  std::atomic<int> started{0};
  auto run = [&] {
    parallel_for(500, 3, [&](size_t i) {
      started.fetch_add(1);
      if (i == 7) throw std::runtime_error("item 7");
    });
  };
  CHECK_THROWS_WITH_AS(run(), "item 7", std::runtime_error);
  // Unwinding is slow, so the other threads may finish everything meanwhile; they stop no
  // later than that, and none is still running when the caller sees the exception.
  int seen = started.load();
  CHECK(seen <= 500);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK(started.load() == seen);
}

TEST_CASE("worker_count: one thread for small loops, bounded by cores and the cap") {
  CHECK(worker_count(3, 8) == 1);
  CHECK(worker_count(0, 8) == 1);
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  CHECK(worker_count(64, 8) == std::min(cores, 4u));
  CHECK(worker_count(64, 8, 2) == std::min(cores, 2u));
  CHECK(worker_count(1000, 0, 1) == 1);
}

}  // namespace vtune
