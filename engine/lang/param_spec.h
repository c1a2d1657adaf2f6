#pragma once
// What the rule library tells the profile loader: the declared parameters (with their
// types) and the rules (with their tags). The profile loader validates [params],
// [rules] enable/disable and [[waivers]] against these without knowing the language.
#include <string>
#include <vector>

#include "engine/core/diagnostics.h"
#include "engine/core/json.h"

namespace vtune {

struct ParamSpec {
  std::string name;  // without the "param." prefix
  // bool | int | float | string | size | rate | duration | percent | list<T> of those
  std::string type;
  Json default_value;  // JSON form; quantities as integers in base units
  SourceSpan where;    // the declaration
};

struct RuleSummary {
  std::string id;
  std::vector<std::string> tags;
  SourceSpan where;
};

}  // namespace vtune
