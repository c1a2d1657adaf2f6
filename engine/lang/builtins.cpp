#include "engine/lang/builtins.h"

#include <algorithm>
#include <cmath>

#include "engine/core/text.h"
#include "engine/lang/cpu_builtins.h"

namespace vtune::lang {
namespace {

using K = Value::Kind;

Value extreme(std::span<const Value> args, bool want_min, const Type* elem_hint) {
  std::vector<Value> items;
  if (args.size() == 1 && (args[0].is(K::List) || args[0].is_fact_list())) {
    for (size_t i = 0; i < args[0].size(); ++i) items.push_back(args[0].at(i, elem_hint));
    if (items.empty()) return Value();
  } else {
    items.assign(args.begin(), args.end());
  }
  const Value* best = nullptr;
  for (const Value& v : items) {
    if (v.is_null()) return Value();
    if (best == nullptr) {
      best = &v;
      continue;
    }
    std::optional<int> c = values_compare(v, *best);
    if (!c) throw EvalFailure{"min/max of values that cannot be compared"};
    if ((want_min && *c < 0) || (!want_min && *c > 0)) best = &v;
  }
  return *best;
}

}  // namespace

Value call_builtin(Func f, std::span<const Value> args, const BuiltinContext& ctx) {
  switch (f) {
    case Func::Min:
      return extreme(args, true, ctx.elem_hint);
    case Func::Max:
      return extreme(args, false, ctx.elem_hint);
    case Func::Clamp: {
      Value lo = extreme(std::span<const Value>(&args[0], 2), false, nullptr);
      if (lo.is_null()) return Value();
      Value both[2] = {lo, args[2]};
      return extreme(both, true, nullptr);
    }
    case Func::Len:
      if (args[0].is_null()) return Value();
      if (args[0].is(K::List) || args[0].is(K::String) || args[0].is(K::Fact))
        return Value::integer(static_cast<int64_t>(args[0].size()));
      throw EvalFailure{"len() of a value without a length"};
    case Func::Contains: {
      const Value& hay = args[0];
      if (hay.is_null() || args[1].is_null()) return Value();
      if (hay.is(K::String)) {
        if (!args[1].is(K::String)) return Value::boolean(false);
        return Value::boolean(hay.str().find(args[1].str()) != std::string_view::npos);
      }
      for (size_t i = 0; i < hay.size(); ++i)
        if (values_equal(hay.at(i, ctx.elem_hint), args[1])) return Value::boolean(true);
      return Value::boolean(false);
    }
    case Func::Matches:
      if (args[0].is_null()) return Value();
      if (!ctx.regex) throw EvalFailure{"matches() without a valid pattern"};
      if (!args[0].is(K::String)) throw EvalFailure{"matches() of a value that is not a string"};
      return Value::boolean(
          std::regex_match(args[0].str().begin(), args[0].str().end(), *ctx.regex));
    case Func::Cpumask:
    case Func::Cpulist: {
      if (args[0].is_null()) return Value();
      std::optional<std::vector<int>> cpus =
          args[0].is(K::String) ? parse_cpulist(args[0].str()) : int_items(args[0]);
      if (!cpus) throw EvalFailure{"not a list of CPU numbers: " + args[0].display()};
      std::sort(cpus->begin(), cpus->end());
      return Value::string(f == Func::Cpumask ? format_cpumask(*cpus) : format_cpulist(*cpus));
    }
    case Func::CpusOf:
      if (!args[0].is(K::Int)) return Value();
      return node_cpus(ctx.facts, args[0].as_int());
    case Func::LocalCpus: {
      const Json* nic = args[0].fact();
      if (!nic) return Value();
      return nic_local_cpus(ctx.facts, *nic);
    }
    case Func::XpsMask:
      return xps_mask(args[0], args[1], args[2]);
    case Func::Int: {
      const Value& v = args[0];
      switch (v.kind()) {
        case K::Int:
        case K::Quantity:
          return Value::integer(v.as_int());
        case K::Bool:
          return Value::integer(v.as_bool() ? 1 : 0);
        case K::Float:
          if (!std::isfinite(v.as_double()) || std::fabs(v.as_double()) > 9.2e18) return Value();
          return Value::integer(static_cast<int64_t>(v.as_double()));
        case K::String: {
          std::optional<int64_t> i = parse_int(v.str());
          return i ? Value::integer(*i) : Value();
        }
        default:
          return Value();
      }
    }
    case Func::Str:
      if (args[0].is_null()) return Value();
      return Value::string(args[0].kernel_text());
    case Func::Ints: {
      if (args[0].is_null()) return Value();
      if (!args[0].is(K::String)) throw EvalFailure{"ints() of a value that is not a string"};
      std::vector<Value> items;
      for (std::string_view word : split_ws(args[0].str())) {
        std::optional<int64_t> i = parse_int(word);
        if (!i) return Value();
        items.push_back(Value::integer(*i));
      }
      return Value::list(std::move(items));
    }
    case Func::Range: {
      if (!args[0].is(K::Int)) return Value();
      int64_t n = args[0].as_int();
      if (n < 0 || n > 65536) throw EvalFailure{"range() of " + std::to_string(n)};
      std::vector<Value> items;
      items.reserve(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) items.push_back(Value::integer(i));
      return Value::list(std::move(items));
    }
  }
  return Value();
}

std::optional<std::vector<int>> int_items(const Value& v) {
  std::vector<int> out;
  for (size_t i = 0; i < v.size(); ++i) {
    Value x = v.at(i, nullptr);
    if (!x.is(Value::Kind::Int) || x.as_int() < 0 || x.as_int() > 65535) return std::nullopt;
    out.push_back(static_cast<int>(x.as_int()));
  }
  return out;
}

}  // namespace vtune::lang
