#pragma once
// The built-in functions' implementations, used by the evaluator only.
#include <optional>
#include <regex>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/facts/facts.h"
#include "engine/lang/functions.h"
#include "engine/lang/value.h"

namespace vtune::lang {

// A runtime problem in one rule item. Thrown and caught inside the evaluator only.
struct EvalFailure {
  std::string message;
};

struct BuiltinContext {
  const Facts& facts;       // for cpus_of/local_cpus (numa.nodes)
  const std::regex* regex;  // matches(): compiled by the type checker
  const Type* elem_hint;    // the element type of a list argument, if known
};

Value call_builtin(Func f, std::span<const Value> args, const BuiltinContext& ctx);

// The CPU numbers of a list value or a fact list (ints in 0..65535); nullopt if any element
// is not one.
std::optional<std::vector<int>> int_items(const Value& v);

}  // namespace vtune::lang
