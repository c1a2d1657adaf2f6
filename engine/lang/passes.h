#pragma once
// The passes, in order, written once:
//   parse -> resolve -> typecheck -> [conflicts, lint only] -> evaluate
// The first four check a library without any host; evaluate (evaluate.h) runs the checked
// library against one host's facts. Each pass has one entry point taking a PassContext.
#include <span>
#include <string_view>
#include <vector>

#include "engine/lang/library.h"

namespace vtune::lang {

struct PassContext {
  RuleLibrary& lib;
  std::vector<SourceText>& inputs;
  const SchemaIndex& schema;
  Diagnostics& diags;
};

void parse_pass(PassContext& ctx);      // parser.cpp: text -> RuleFile ASTs
void resolve_pass(PassContext& ctx);    // resolve.cpp: names, lets (cycles, unused), params
void typecheck_pass(PassContext& ctx);  // typecheck.cpp: types against the facts schema
void conflicts_pass(PassContext& ctx);  // conflicts.cpp: rules fighting over one knob

struct Pass {
  std::string_view name;
  void (*run)(PassContext&);
  // Runs only when the passes before it found no errors (a later pass would otherwise
  // repeat or compound their findings).
  bool needs_clean_input;
  bool lint_only;
};

inline constexpr Pass kPasses[] = {
    {"parse", parse_pass, false, false},
    {"resolve", resolve_pass, true, false},
    {"typecheck", typecheck_pass, false, false},
    {"conflicts", conflicts_pass, true, true},
};

// Runs kPasses in order; returns true when no pass reported an error.
bool run_passes(PassContext& ctx, bool lint);

// Edit-distance suggestion for "did you mean": the closest candidate within a small
// distance, or empty.
std::string closest_name(std::string_view wanted, std::span<const std::string> candidates);

}  // namespace vtune::lang
