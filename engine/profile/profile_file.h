#pragma once
// One profile file as written, before its includes are merged in. Parsing is a pure
// function of the text; the loader (profile_loader.h) finds files and merges them.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/diagnostics.h"
#include "engine/profile/profile.h"

namespace vtune {

struct ProfileFile {
  std::string file;  // as given to the parser; every SourceSpan names it
  std::string name;  // [profile].name, or the file's stem when absent
  std::string summary;
  std::vector<ProfileRef> includes;
  std::optional<bool> persist;
  std::vector<ProfileRef> tags;
  std::vector<ProfileRef> enable;
  std::vector<ProfileRef> disable;
  std::vector<std::pair<std::string, ProfileParam>> params;  // in file order
  std::vector<Waiver> waivers;
  std::optional<std::vector<ProfileRef>> benchmarks;  // set only when [verify] names them
  std::optional<int64_t> max_regression;
  std::optional<int> repetitions;
};

// Parses and checks one file's structure: TOML syntax, known tables and keys, value types,
// waivers, [verify]. Everything that needs the rule library (param types, rule ids, tags)
// is left to validate_profile(). Never throws; nullopt when the text is not TOML at all.
// Other errors are reported and the offending entry is dropped, so one run shows them all.
std::optional<ProfileFile> parse_profile_file(std::string_view text, const std::string& file,
                                              Diagnostics& diags);

// "profiles/base.toml" -> "base".
std::string profile_stem(std::string_view path);

}  // namespace vtune
