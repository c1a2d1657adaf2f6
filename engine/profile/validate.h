#pragma once
// Checks a resolved profile against the rule library: parameter names and types, rule ids,
// tags. Structure (keys, waivers, dates, [verify]) was already checked when it was loaded.
#include <span>

#include "engine/core/diagnostics.h"
#include "engine/lang/param_spec.h"
#include "engine/profile/profile.h"

namespace vtune {

// Errors: unknown parameter (VT0207, naming the nearest declared one), wrong parameter type
// (VT0208), unknown rule id in enable, disable or a waiver (VT0209). Warnings: a tag no
// rule has (VT0210), a profile that selects no rule at all (VT0217).
void validate_profile(const Profile& profile, std::span<const ParamSpec> specs,
                      std::span<const RuleSummary> rules, Diagnostics& diags);

// A warning (VT0212) for each waiver that expired before `today`: it no longer waives.
void check_waiver_expiry(const Profile& profile, const Date& today, Diagnostics& diags);

// The local calendar date, for `today` above.
Date today_local();

}  // namespace vtune
