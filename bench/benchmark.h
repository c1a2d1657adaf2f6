#pragma once
// What one benchmark is to the runner: a session set up once (arrays allocated, a file
// created, a listener bound), measured once per repetition, and torn down by its destructor,
// which also runs when a measurement throws. A measurement runs for about `seconds` and
// returns the primary value in the registry's unit, plus any secondary figures (p99, the
// single-core figure of an all-core benchmark...).
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace vtune {
class HostFs;
}

namespace vtune::bench {

struct Metric {
  std::string name;  // "p99_us", "single_core"
  std::string unit;
  double value = 0;
};

struct Sample {
  double value = 0;
  std::vector<Metric> secondary;
};

// A benchmark's parameters, name → value text, starting from the registry's defaults.
using Params = std::map<std::string, std::string>;

// Where a benchmark runs: HostFs for the few reads of /sys (cache sizes), --dir for the
// storage family's file.
struct Env {
  const HostFs& fs;
  std::string dir = "/var/tmp";
};

class Session {
 public:
  virtual ~Session() = default;
  virtual Sample measure(double seconds) = 0;
};

using Factory = std::unique_ptr<Session> (*)(const Params& params, const Env& env);

// A benchmark that cannot run here (no io_uring, O_DIRECT refused, a socket call failed).
struct BenchError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Typed reads of a parameter; a value that does not parse is a BenchError naming it.
long param_int(const Params& p, const std::string& name);
double param_double(const Params& p, const std::string& name);
const std::string& param_text(const Params& p, const std::string& name);

}  // namespace vtune::bench
