#pragma once
// The built-in functions, listed once: the type checker checks calls against this table and
// the evaluator dispatches on its ids.
#include <span>
#include <string_view>

namespace vtune::lang {

enum class Func : uint8_t {
  Min,
  Max,
  Clamp,
  Len,
  Contains,
  Matches,
  Cpumask,
  Cpulist,
  CpusOf,
  LocalCpus,
  Int,
  Str,
  Range,
  Ints,
  XpsMask,
};

struct FunctionInfo {
  std::string_view name;
  Func id;
  int min_args;
  int max_args;  // -1: any number
  std::string_view signature;
  std::string_view meaning;
};

std::span<const FunctionInfo> all_functions();
const FunctionInfo* find_function(std::string_view name);

}  // namespace vtune::lang
