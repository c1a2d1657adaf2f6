// rule_case_coverage.h: which rules have case files, read the way the runner reads them.
#include "engine/rulecheck/rule_case_coverage.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/rulecheck/rule_cases.h"

namespace vtune {
namespace {

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

void check_rule_case_coverage(const lang::RuleLibrary& lib, const RuleCaseDirs& dirs,
                              SourceFiles& sources, Diagnostics& diags) {
  std::set<std::string> covered;
  auto scan = [&](const std::string& dir, bool whole) {
    for (const std::string& path : find_rule_case_files(dir)) {
      std::optional<std::string> text = read_text(path);
      if (!text) {
        diags.error("VT0401", {path, 0, 0, 1}, "cannot read the rule case file");
        continue;
      }
      sources.add(path, *text);
      std::optional<RuleCaseFile> file = parse_rule_case_file(path, *text, diags);
      if (!file) continue;
      covered.insert(file->rule);
      if (whole && !lib.find_rule(file->rule))
        diags.warning("VT0403", file->rule_where,
                      "case file for rule '" + file->rule + "', which the library does not have",
                      "rename it with the rule, or delete it with the rule");
    }
  };
  for (const std::string& d : dirs.whole) scan(d, true);
  for (const std::string& d : dirs.partial) scan(d, false);
  for (const lang::RuleDecl* r : lib.rules)
    if (!covered.count(r->id))
      diags.warning("VT0406", rule_span(lib, *r), "rule '" + r->id + "' has no test cases",
                    "add tests/" + r->id + ".json beside the rule file (docs/rule-tests.md)");
}

}  // namespace vtune
