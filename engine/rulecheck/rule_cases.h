#pragma once
// Per-rule test cases (docs/rule-tests.md): rules/tests/<rule-id>.json holds small facts
// fragments, each with the plan items its rule must produce there. This header is the
// parsed form and the loader; rule_case_runner.h runs them; rule_case_coverage.h is what
// `vtune lint` reports about them.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/diagnostics.h"
#include "engine/facts/facts.h"

namespace vtune {

// One expected plan item: each field that is set must match the item.
struct CaseExpectation {
  std::optional<std::string> state;  // "change", "compliant", "advisory", "not-applicable", ...
  std::optional<std::string> knob;
  std::optional<std::string> device;
  std::optional<std::string> current;  // text form, whitespace runs compared as one space
  std::optional<std::string> desired;
  std::optional<std::string> message_contains;
};

struct RuleCase {
  std::string name;
  Json params = Json::object();              // as a profile's [params] table
  Facts facts = Json::object();              // the fragment, laid over an empty facts tree
  std::map<std::string, std::string> files;  // absolute host path -> contents
  std::vector<CaseExpectation> expect;
  bool exact = true;  // every item of the rule must be matched by an expectation
  SourceSpan where;   // the case's "name", for diagnostics
};

struct RuleCaseFile {
  std::string path;
  std::string rule;
  SourceSpan rule_where;
  std::vector<RuleCase> cases;
};

// Parses one case file. Problems (invalid JSON with its line and column, a missing or
// mistyped key, an unknown key) are errors in `diags` (VT040x); nullopt when the file
// cannot be used at all. A case with a broken field is left out, the others kept.
std::optional<RuleCaseFile> parse_rule_case_file(const std::string& path, std::string_view text,
                                                 Diagnostics& diags);

// The 1-based line and column (in bytes) of a byte offset in `text`.
SourceSpan span_at_offset(const std::string& file, std::string_view text, size_t offset);

// The case files of a rules directory: <dir>/tests/*.json, sorted; empty when none.
std::vector<std::string> find_rule_case_files(const std::string& rules_dir);

}  // namespace vtune
