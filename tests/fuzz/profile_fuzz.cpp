// libFuzzer target for profiles: any text either parses or yields diagnostics with a real
// line and column, never a crash or an exception. What parses is merged and validated
// against the shipped rule library, as `vtune lint` and `vtune plan` would.
//
//   build-fuzz/tests/fuzz/profile_fuzz /tmp/corpus-profiles profiles/ tests/fixtures/profiles/bad
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lang/library.h"
#include "engine/profile/profile_file.h"
#include "engine/profile/profile_loader.h"
#include "engine/profile/validate.h"
#include "tests/fuzz/fuzz_checks.h"

namespace {

struct Library {
  std::vector<vtune::ParamSpec> params;
  std::vector<vtune::RuleSummary> rules;
};

const Library& shipped() {
  static const Library lib = [] {
    const std::string dir = VTUNE_RULES_DIR;
    vtune::Result<vtune::lang::RuleLibrary> loaded =
        vtune::lang::load_library(std::span<const std::string>(&dir, 1));
    if (!loaded || !loaded->checked) std::abort();
    return Library{vtune::lang::param_specs(*loaded), vtune::lang::rule_summaries(*loaded)};
  }();
  return lib;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vtune::Diagnostics diags;
  std::optional<vtune::ProfileFile> file = vtune::parse_profile_file(text, "fuzz.toml", diags);
  vtune::fuzz::require_positions(diags);
  if (!file) return 0;
  vtune::Profile profile = vtune::merge_profile_chain({&*file});
  vtune::Diagnostics checked;
  vtune::validate_profile(profile, shipped().params, shipped().rules, checked);
  vtune::check_waiver_expiry(profile, vtune::Date{2026, 11, 21}, checked);
  vtune::fuzz::require_positions(checked);
  return 0;
}
