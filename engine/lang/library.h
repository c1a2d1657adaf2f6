#pragma once
// The rule library: every .vtr file loaded, parsed and checked as one unit (lets and
// params are shared across files). This is what the planner, the profile loader and
// `vtune lint` use.
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/diagnostics.h"
#include "engine/core/result.h"
#include "engine/lang/ast.h"
#include "engine/lang/param_spec.h"
#include "engine/lang/types.h"

namespace vtune::lang {

struct RuleLibrary {
  SourceFiles sources;
  std::vector<std::string> texts;  // file contents, by file index
  std::vector<std::unique_ptr<RuleFile>> files;
  Diagnostics diagnostics;

  // Filled in by the resolve pass.
  std::vector<const RuleDecl*> rules;  // sorted by id: the evaluation order
  std::vector<const LetDecl*> lets;
  std::vector<const ParamDecl*> params;  // a Param expression's slot indexes this
  uint32_t expr_count = 0;               // ids 0..expr_count-1 number every expression
  // Filled in by the typecheck pass.
  std::vector<std::string> sysctl_keys;  // sorted, unique
  bool checked = false;                  // every pass ran without errors

  const std::string& file_name(size_t index) const { return files.at(index)->path; }
  const RuleDecl* find_rule(std::string_view id) const;
  const ParamDecl* find_param(std::string_view name) const;
};

struct SourceText {
  std::string name;  // shown in diagnostics
  std::string text;
};

struct CheckOptions {
  const SchemaIndex* schema = nullptr;  // nullptr: SchemaIndex::from_probes()
  bool conflicts = false;               // also run lint's conflict finder
};

// Parses and checks texts (in the given order); problems are in `diagnostics`.
RuleLibrary build_library(std::vector<SourceText> sources, const CheckOptions& options = {});

// Reads every *.vtr under each path (a file, or a directory searched recursively, in
// sorted order) and builds the library. A path that cannot be read is a SysError.
Result<std::vector<SourceText>> read_rule_sources(std::span<const std::string> paths);
Result<RuleLibrary> load_library(std::span<const std::string> paths,
                                 const CheckOptions& options = {});

// What the profile loader needs.
std::vector<ParamSpec> param_specs(const RuleLibrary& lib);
std::vector<RuleSummary> rule_summaries(const RuleLibrary& lib);
// Sysctl keys read in conditions (sysctl."key"), so the planner can load them into
// facts["sysctl"] before evaluating.
std::vector<std::string> referenced_sysctls(const RuleLibrary& lib);

// Per-rule metadata beyond RuleDecl's public fields.
SourceSpan rule_span(const RuleLibrary& lib, const RuleDecl& rule);
std::string_view rule_source(const RuleLibrary& lib, const RuleDecl& rule);
// The ParamSpec type of a literal default: "size", "list<int>", ...; empty if not literal.
std::string param_type_of(const Expr& literal);
Json literal_to_json(const Expr& literal);

}  // namespace vtune::lang
