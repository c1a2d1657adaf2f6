#pragma once
// A profile: which rules run, with which parameters, which findings are waived, and how the
// result is verified. Profiles are TOML files (docs/profiles.md) that may include others;
// a Profile is the resolved form, the include chain already merged.
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/diagnostics.h"
#include "engine/core/json.h"

namespace vtune {

// A calendar date, as TOML writes it (2027-06-30). Waivers expire on dates, not instants,
// so a time zone never decides whether a waiver still holds.
struct Date {
  int year = 0;
  int month = 0;  // 1-12
  int day = 0;    // 1-31
  auto operator<=>(const Date&) const = default;
};
// "YYYY-MM-DD" with a real calendar day (2027-02-30 is rejected); nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(const Date& d);

// A name written in the profile, with where it was written, so validation can point at it.
struct ProfileRef {
  std::string name;
  SourceSpan where;
};

// A [params] entry as written. The value is the TOML value in JSON form (a string stays a
// string: "128MiB"); it is typed against the rules' ParamSpec by param_values().
struct ProfileParam {
  Json value;
  SourceSpan where;  // where.file says which profile in the chain set it
};

struct Waiver {
  std::string rule;
  std::string knob;    // glob over knob strings ("ethtool:eno1:*"); empty matches any
  std::string device;  // glob over device names ("eno*"); empty matches any
  std::string reason;
  std::optional<Date> expires;  // still waives on that day, not after
  SourceSpan where;             // the [[waivers]] entry
  SourceSpan rule_where;        // its rule value, for "unknown rule" diagnostics
};

struct VerifyPolicy {
  std::vector<ProfileRef> benchmarks;     // ids from engine/profile/benchmarks.h
  std::optional<int64_t> max_regression;  // hundredths of a percent (5% -> 500)
  std::optional<int> repetitions;         // >= 3
  int repetitions_or_default() const { return repetitions.value_or(5); }
  int64_t max_regression_or_default() const { return max_regression.value_or(500); }
};

// One file of the resolved include chain.
struct ChainEntry {
  std::string name;
  std::string file;
};

struct Profile {
  std::string name;
  std::string summary;
  std::string file;                   // the file this profile was loaded from
  std::vector<std::string> includes;  // its own include list, as written
  // Every profile that contributed, parents first, this profile last. A profile included
  // twice (a diamond) appears once, where it was first needed.
  std::vector<ChainEntry> chain;
  std::vector<ProfileRef> tags;     // union over the chain, first occurrence kept
  std::vector<ProfileRef> enable;   // ids; a later profile's disable removes an earlier enable
  std::vector<ProfileRef> disable;  // ids; a later profile's enable removes an earlier disable
  std::map<std::string, ProfileParam> params;  // the last profile in the chain to set one wins
  std::vector<Waiver> waivers;                 // chain order, parents first
  VerifyPolicy verify;                         // field by field, the last to set one wins
  bool persist = false;
};

}  // namespace vtune
