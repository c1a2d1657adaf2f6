#pragma once
// The rule library as documentation: `vtune rules` lists it (text, json, md) and
// docs/rules.md is the markdown form, checked against this renderer by a unit test. The
// listing is read from a checked library's AST; nothing here evaluates a rule.
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/lang/library.h"

namespace vtune {

struct RuleListing {
  std::string id;
  std::string title;
  std::string file;  // the file's base name, "network.vtr": stable wherever rules/ lives
  std::string severity, practice, disruption, reference, rationale;
  std::vector<std::string> tags;
  bool reboot = false;
  std::vector<std::string> params;   // declared params it reads, directly or through lets
  std::vector<std::string> actions;  // "set sysctl \"net.core.rmem_max\"", "advise", "check"
};

struct ParamListing {
  std::string name;
  std::string type;           // as the profile loader sees it: "size", "list<int>", ...
  std::string default_value;  // as written in the rules: 128MiB, "off", [1024, 65535]
  std::string file;
  std::vector<std::string> used_by;  // rule ids
};

// Rules in file order, then source order within a file.
std::vector<RuleListing> list_rules(const lang::RuleLibrary& lib);
// Params sorted by name.
std::vector<ParamListing> list_params(const lang::RuleLibrary& lib);

std::string render_rules_markdown(const lang::RuleLibrary& lib);
std::string render_rules_text(const lang::RuleLibrary& lib);
// {"schema_version", "rules": [...], "params": [...]}
Json rules_document(const lang::RuleLibrary& lib);

}  // namespace vtune
