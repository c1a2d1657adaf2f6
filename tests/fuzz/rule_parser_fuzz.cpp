// libFuzzer target for the rule language: any text either parses or yields diagnostics
// with a real line and column, never a crash. What parses prints to a canonical form that
// parses again to the same canonical form, and the whole pass pipeline (resolve, typecheck,
// conflicts) runs over it without tripping a sanitizer.
//
// Seed it with the shipped library:
//   build-fuzz/tests/fuzz/rule_parser_fuzz -dict=tests/fuzz/rule_language.dict \
//     /tmp/corpus-rules rules/
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lang/library.h"
#include "engine/lang/parser.h"
#include "engine/lang/printer.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);

  vtune::lang::RuleFile file;
  vtune::Diagnostics diags;
  bool parsed = vtune::lang::parse_file(text, "fuzz.vtr", 0, file, diags);
  vtune::fuzz::require_positions(diags);
  if (parsed) {
    std::string printed = vtune::lang::print_file(file);
    vtune::lang::RuleFile again;
    vtune::Diagnostics again_diags;
    if (!vtune::lang::parse_file(printed, "printed.vtr", 0, again, again_diags)) std::abort();
    if (vtune::lang::print_file(again) != printed) std::abort();
  }

  std::vector<vtune::lang::SourceText> sources{{"fuzz.vtr", std::move(text)}};
  vtune::lang::RuleLibrary lib =
      vtune::lang::build_library(std::move(sources), {.schema = nullptr, .conflicts = true});
  vtune::fuzz::require_positions(lib.diagnostics);
  return 0;
}
