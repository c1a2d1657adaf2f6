#include "bench/param_overrides.h"

#include <algorithm>

namespace vtune::bench {
namespace {

std::string names_of(const BenchmarkSpec& b) {
  std::string out;
  for (const ParamSpec& p : b.params) out += (out.empty() ? "" : ", ") + std::string(p.name);
  return out.empty() ? "none" : out;
}

void set_param(const BenchmarkSpec& b, const ParamSpec& p, const std::string& value,
               Params& params) {
  std::string why = check_param(p, value);
  if (!why.empty())
    throw ParamError("--param " + std::string(b.name) + "." + p.name + "=" + value +
                     ": the value must be " + why);
  params[p.name] = value;
}

}  // namespace

std::map<const BenchmarkSpec*, Params> resolve_params(
    const std::vector<const BenchmarkSpec*>& selected,
    const std::vector<std::string>& assignments) {
  std::map<const BenchmarkSpec*, Params> out;
  for (const BenchmarkSpec* b : selected) out[b] = default_params(*b);
  for (const std::string& a : assignments) {
    size_t eq = a.find('=');
    if (eq == std::string::npos || eq == 0)
      throw ParamError("--param " + a + ": expected NAME=VALUE (bench.param=value or param=value)");
    std::string name = a.substr(0, eq), value = a.substr(eq + 1);
    size_t dot = name.rfind('.');
    if (dot != std::string::npos) {
      std::string bench = name.substr(0, dot), param = name.substr(dot + 1);
      const BenchmarkSpec* b = find_benchmark(bench);
      if (!b)
        throw ParamError("--param " + a + ": no benchmark " + bench + " (vtune bench --list)");
      if (std::find(selected.begin(), selected.end(), b) == selected.end())
        throw ParamError("--param " + a + ": " + bench + " is not among the selected benchmarks");
      const ParamSpec* p = find_param(*b, param);
      if (!p)
        throw ParamError("--param " + a + ": " + bench + " has no parameter " + param +
                         " (its parameters: " + names_of(*b) + ")");
      set_param(*b, *p, value, out[b]);
      continue;
    }
    bool used = false;
    std::vector<std::string> valid;
    for (const BenchmarkSpec* b : selected) {
      for (const ParamSpec& p : b->params)
        if (std::find(valid.begin(), valid.end(), p.name) == valid.end()) valid.push_back(p.name);
      if (const ParamSpec* p = find_param(*b, name)) {
        set_param(*b, *p, value, out[b]);
        used = true;
      }
    }
    if (!used) {
      std::string list;
      for (const std::string& v : valid) list += (list.empty() ? "" : ", ") + v;
      throw ParamError("--param " + a + ": no selected benchmark has a parameter " + name +
                       " (their parameters: " + (list.empty() ? "none" : list) + ")");
    }
  }
  return out;
}

}  // namespace vtune::bench
