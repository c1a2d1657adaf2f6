#include "engine/report/diagnostic_codes.h"

namespace vtune {

namespace {
// A function, not a namespace-scope array: the tables live in other translation units.
std::vector<std::span<const DiagnosticCode>> tables() {
  return {kLangCodes, kProfileCodes, kInputCodes, kRuleCaseCodes};
}
}  // namespace

std::vector<DiagnosticCode> all_diagnostic_codes() {
  std::vector<DiagnosticCode> all;
  for (std::span<const DiagnosticCode> table : tables())
    all.insert(all.end(), table.begin(), table.end());
  return all;
}

const DiagnosticCode* find_diagnostic_code(std::string_view code) {
  for (std::span<const DiagnosticCode> table : tables())
    for (const DiagnosticCode& c : table)
      if (c.code == code) return &c;
  return nullptr;
}

}  // namespace vtune
