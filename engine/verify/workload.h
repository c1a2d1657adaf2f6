#pragma once
// What verification measures: a registry benchmark, or the user's command (--verify-cmd).
// Each measurement returns one number; the direction says which way is better.
#include <memory>
#include <string>
#include <vector>

#include "bench/benchmark.h"
#include "bench/registry.h"

namespace vtune::verify {

class Workload {
 public:
  virtual ~Workload() = default;
  virtual std::string name() const = 0;
  virtual std::string unit() const = 0;
  virtual bool higher_is_better() const = 0;
  // Sets up what lasts across measurements and takes one discarded warm-up measurement.
  // Throws bench::BenchError (or std::system_error) when it cannot run here.
  virtual void prepare() = 0;
  // One measurement. Throws like prepare().
  virtual double measure() = 0;
};

// The length of one verification measurement of a time-based benchmark: shorter than
// `vtune bench`'s 1 s, so that the default budget holds more A/B pairs.
inline constexpr double kVerifySeconds = 0.25;
inline constexpr double kVerifyWarmupSeconds = 0.1;

// A registry benchmark with its default parameters, measured for `seconds` a repetition
// (benchmarks that run a fixed amount of work, such as net.accept_burst, ignore it). The
// session is made once and kept: every benchmark's measurement opens what it measures anew
// (the network family binds a fresh listener each time), so a switched sysctl takes effect.
std::unique_ptr<Workload> bench_workload(const bench::BenchmarkSpec& spec, const bench::Env& env,
                                         double seconds = kVerifySeconds);

// The user's command: argv (no shell), run once per measurement; it must exit 0 and print
// one number on stdout (surrounding white space allowed).
std::unique_ptr<Workload> command_workload(std::vector<std::string> argv, bool higher_is_better);

// Splits a command line into argv without a shell: white space separates words; single
// quotes take everything literally, double quotes allow \" and \\, a backslash outside
// quotes escapes the next character. Throws std::invalid_argument on an unterminated quote
// or an empty command.
std::vector<std::string> split_command(const std::string& line);

}  // namespace vtune::verify
