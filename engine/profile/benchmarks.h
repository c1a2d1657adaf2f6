#pragma once
// The benchmark ids a profile's [verify] section may name. The bench/ registry implements
// these; this list is what profiles are validated against, so adding a benchmark means
// adding its id here too.
#include <algorithm>
#include <string_view>

namespace vtune {

inline constexpr std::string_view kBenchmarkIds[] = {
    "cpu.int",         "cpu.float",  "memory.bandwidth", "memory.latency",  "storage.randread",
    "storage.seqread", "net.tcp_rr", "net.tcp_stream",   "net.accept_rate", "syscall.getpid",
};

inline bool is_known_benchmark(std::string_view id) {
  return std::find(std::begin(kBenchmarkIds), std::end(kBenchmarkIds), id) !=
         std::end(kBenchmarkIds);
}

}  // namespace vtune
