#pragma once
// The built-in functions' implementations, used by the evaluator only.
#include <regex>
#include <span>
#include <stdexcept>
#include <string>

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

}  // namespace vtune::lang
