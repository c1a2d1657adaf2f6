#pragma once
// `vtune bench --param NAME=VALUE`: NAME is "bench.param" (net.tcp_rr.request_size), which
// sets that benchmark's parameter, or a bare "param" (iodepth), which sets it on every
// selected benchmark that has it. Each is checked against the registry's ParamSpec.
#include <map>
#include <string>
#include <vector>

#include "bench/registry.h"

namespace vtune::bench {

// An assignment that names no parameter of the selection, or a value the parameter refuses;
// the message names it and what is valid.
struct ParamError : BenchError {
  using BenchError::BenchError;
};

// The parameters of each selected benchmark: the registry's defaults, then the assignments in
// command-line order (a later one wins). Throws ParamError.
std::map<const BenchmarkSpec*, Params> resolve_params(
    const std::vector<const BenchmarkSpec*>& selected, const std::vector<std::string>& assignments);

}  // namespace vtune::bench
