#pragma once
// Evaluation, the last pass: a checked RuleLibrary run against one host's facts and the
// profile's parameter values. Pure: it reads nothing but its arguments. A runtime problem
// (division by zero, a null where a setting needs a value) becomes an EvalError for that
// rule and item; it never throws. So is a knob that is not well formed (knob_problem).
#include <map>
#include <span>
#include <string>
#include <vector>

#include "appliers/bound.h"
#include "appliers/knob.h"
#include "engine/core/diagnostics.h"
#include "engine/facts/facts.h"
#include "engine/lang/library.h"

namespace vtune::lang {

struct Setting {
  // Built from the set statement's parts and checked (knob_problem) by the evaluator: a
  // malformed one is an EvalError, never a Setting. format_knob(knob) is its display form.
  Knob knob;
  std::string value;  // the kernel's text form ("134217728", "4096 65536 134217728", "on")
  Json json;          // the typed value (quantities in base units); for a bound, the bound
  // Empty for an exact value (`=`). For a floor (`>=`), a ceiling (`<=`) or a range
  // (`covers`), one bound per element of `json` (a scalar has one): the planner keeps the
  // elements the host already satisfies and moves only the others (appliers/bound.h).
  Bounds bounds;
  std::string rule;
  std::vector<std::string> reasons;  // "nics[eno1].speed = 10Gbit"
  SourceSpan where;                  // the set statement
};

struct Advisory {
  std::string rule;
  std::string text;
  std::vector<std::string> reasons;
  SourceSpan where;
};

struct CheckResult {
  std::string rule;
  bool passed = false;
  bool decided = true;  // false when a fact the check needs is null (then passed is false)
  std::string message;
  // What was checked, so that each result of a rule with several checks or loop items says
  // which one it is: the loop bindings, then the printed expression ("n = eno1: n.mtu >=
  // 1500"; "param.pid_max <= 4194304" outside a loop).
  std::string subject;
  std::vector<std::string> reasons;
  SourceSpan where;
};

struct EvalError {
  std::string rule;
  std::string message;
  std::vector<std::string> reasons;
  SourceSpan where;
};

struct Evaluation {
  std::vector<Setting> settings;
  std::vector<Advisory> advisories;
  std::vector<CheckResult> checks;
  std::vector<EvalError> errors;
  std::vector<std::string> not_applicable;  // selected rules whose when/for matched nothing
};

// Profile parameter values by name; a missing one falls back to the declared default.
// Quantities are integers in base units, as in ParamSpec.
using ParamValues = std::map<std::string, Json, std::less<>>;

// How the evaluator may speed itself up. Results never depend on these; tests and the perf
// harness turn them off to compare with the plain path.
struct EvalTuning {
  bool columns = true;         // read `x.a.b` on loop variables from per-list columns
  bool shared_filters = true;  // share leading item-only `where` tests across rules
};

// Evaluates the selected rules (by id; unknown ids are EvalErrors) in id order, loop items in
// list order, statements in source order. `lib` must be checked (lib.checked).
Evaluation evaluate(const RuleLibrary& lib, const Facts& facts, const ParamValues& params,
                    std::span<const std::string> rule_ids, const EvalTuning& tuning = {});
// Every rule of the library.
Evaluation evaluate_all(const RuleLibrary& lib, const Facts& facts, const ParamValues& params,
                        const EvalTuning& tuning = {});

}  // namespace vtune::lang
