#pragma once
// What a resolved profile means for a run: which rules, which parameter values, which
// findings are waived. The planner calls these; validate.h reports what is wrong first.
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lang/param_spec.h"
#include "engine/profile/profile.h"

namespace vtune {

// Ids of the rules the profile runs, in the library's order: a rule having any of the
// profile's tags, or enabled by id, unless disabled by id (disable wins).
std::vector<std::string> select_rules(const Profile& profile, std::span<const RuleSummary> rules);

struct WaiverMatch {
  const Waiver* waiver = nullptr;  // null: nothing waives this finding
  bool expired = false;            // the matching waiver expired before `today`
};
// The waiver covering a finding of `rule_id` on `knob` (a knob string, or empty for an
// advisory) and `device` (a NIC or disk name, or empty). A waiver's knob and device globs,
// when set, must match; an empty knob or device never matches a set glob. A live waiver
// wins over an expired one; among equals, the profile nearest the end of the chain wins.
// An expired match is returned so the caller can say the waiver no longer holds.
WaiverMatch match_waiver(const Profile& profile, std::string_view rule_id, std::string_view knob,
                         std::string_view device, const Date& today);

// A profile value typed against a ParamSpec type (bool, int, float, string, size, rate,
// duration, percent, list<T>): quantities become integers in base units. Sizes and rates
// also take a bare non-negative integer (bytes, bit/s); durations and percentages need a
// unit, since a bare 15 means nothing safe. `error` says what is wrong when value is null.
struct TypedParam {
  std::optional<Json> value;
  std::string error;
};
TypedParam type_param_value(const Json& raw, std::string_view type);

// Every declared parameter: the profile's value where it set a valid one, the rule
// library's default otherwise. Parameters the library does not declare are left out.
std::map<std::string, Json> param_values(const Profile& profile, std::span<const ParamSpec> specs);

}  // namespace vtune
