// The sanity test of issue 10: every benchmark, run by the built vtune at its default
// repetitions and duration on this machine, gives a positive value within physical bounds,
// and a 95% confidence interval of the median narrower than 10% of the median. It prints
// every figure (a table), so a failure shows which benchmark and by how much.
//
// ctest label "bench", RUN_SERIAL: the benchmarks measure the machine, so nothing else of the
// test suite may run beside them. VTUNE_BENCH_SANITY_ARGS (space-separated) adds arguments,
// e.g. "net sys" to run some families only.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/cli_runner.h"

using Json = nlohmann::json;

namespace {

// The physical bounds of each benchmark's primary value, per CPU where it scales with the
// CPUs. Generous on purpose: they catch a wrong unit or a broken count, not a slow machine.
struct Bound {
  double lo, hi;
  bool per_cpu;
  const char* why;
};

const std::map<std::string, Bound>& bounds() {
  static const std::map<std::string, Bound> b = {
      {"cpu.int", {1, 48000, true, "<= 6 GHz x 8 integer ops per cycle per CPU"}},
      {"cpu.fp", {0.01, 192, true, "<= 6 GHz x 32 flops per cycle (2 AVX-512 FMA) per CPU"}},
      {"mem.copy", {0.1, 1000, false, "< 1 TB/s: beyond HBM, let alone a VM's DRAM"}},
      {"mem.scale", {0.1, 1000, false, "< 1 TB/s"}},
      {"mem.add", {0.1, 1000, false, "< 1 TB/s"}},
      {"mem.triad", {0.1, 1000, false, "< 1 TB/s"}},
      {"mem.latency",
       {20, 2000, false, "a DRAM access is >= 20 ns (tRCD + CL); a miss < 2 us even in a VM"}},
      {"sys.syscall", {20, 100000, false, "> 20 ns: SYSCALL/SYSRET alone is ~100 cycles"}},
      {"sys.ctxswitch", {100, 1e9, false, "two switches or wakeups: > 100 ns"}},
      {"net.tcp_rr", {1, 1e6, false, "a loopback TCP round trip is > 1 us (4 syscalls)"}},
      {"net.tcp_crr", {1, 1e6, false, "a handshake plus a round trip is > 1 us"}},
      {"net.tcp_stream", {0.01, 1000, false, "< 1000 Gbit/s: a copy per byte, < memory bandwidth"}},
      {"net.accept_burst", {1, 512, false, "at most the burst (connections=512)"}},
      {"storage.randread4k", {1, 1e7, false, "< 10M IOPS: above any single device"}},
      {"storage.randwrite4k", {1, 1e7, false, "< 10M IOPS"}},
      {"storage.seqread", {1, 100000, false, "< 100 GB/s: above PCIe 5 x16"}},
      {"storage.seqwrite", {1, 100000, false, "< 100 GB/s"}},
  };
  return b;
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string s;
  std::getline(in, s);
  return s;
}

}  // namespace

int main() {
  std::vector<std::string> args = {"bench", "--format", "json"};
  if (const char* extra = std::getenv("VTUNE_BENCH_SANITY_ARGS")) {
    std::istringstream in(extra);
    for (std::string a; in >> a;) args.push_back(a);
  }
  std::printf("load average before: %s\n", load_average().c_str());
  vtune::test::CliResult r = vtune::test::run_vtune(args);
  std::printf("load average after:  %s\n", load_average().c_str());
  if (r.exit_code != 0) std::printf("vtune bench exited %d: %s\n", r.exit_code, r.err.c_str());
  Json doc = Json::parse(r.out);
  double cpus = doc["machine"].value("usable_cpus", 1.0);
  int failures = r.exit_code == 0 ? 0 : 1;
  std::printf("%-20s %12s %-12s %12s %12s %8s %7s  %s\n", "benchmark", "median", "unit", "lo", "hi",
              "ci/med", "time", "verdict");
  for (const Json& res : doc["results"]) {
    std::string name = res.value("name", "?");
    if (res.contains("error")) {
      std::printf("%-20s error: %s\n", name.c_str(), res["error"].get<std::string>().c_str());
      ++failures;
      continue;
    }
    auto it = bounds().find(name);
    if (it == bounds().end()) {
      std::printf("%-20s has no bound in this test: add one\n", name.c_str());
      ++failures;
      continue;
    }
    const Bound& b = it->second;
    double scale = b.per_cpu ? cpus : 1;
    double med = res["median"], lo = res["ci95"][0], hi = res["ci95"][1];
    double width = med > 0 ? (hi - lo) / med : 1e9;
    std::vector<std::string> bad;
    for (const Json& s : res["samples"])
      if (!(s.get<double>() > 0)) bad.push_back("a sample is not positive");
    if (med < b.lo || med > b.hi * scale)
      bad.push_back("outside [" + std::to_string(b.lo) + ", " + std::to_string(b.hi * scale) +
                    "]: " + b.why);
    if (width >= 0.10) bad.push_back("ci95 wider than 10% of the median");
    for (const char* lat : {"p50_us", "p99_us"})
      if (res["secondary"].contains(lat) && !(res["secondary"][lat]["median"].get<double>() > 1))
        bad.push_back(std::string(lat) + " <= 1 us");
    std::printf("%-20s %12.4g %-12s %12.4g %12.4g %7.1f%% %6.1fs  %s\n", name.c_str(), med,
                res.value("unit", "").c_str(), lo, hi, width * 100, res.value("elapsed_s", 0.0),
                bad.empty() ? "ok" : "FAIL");
    for (const std::string& why : bad) std::printf("    %s\n", why.c_str());
    failures += bad.empty() ? 0 : 1;
  }
  std::printf("total %.1f s, %d failing\n", doc.value("elapsed_s", 0.0), failures);
  return failures == 0 ? 0 : 1;
}
