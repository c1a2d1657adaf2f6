#include "engine/profile/validate.h"

#include <algorithm>
#include <ctime>
#include <set>

#include "engine/profile/nearest.h"
#include "engine/profile/selection.h"

namespace vtune {
namespace {

std::string hint_or(std::string hint, std::string fallback) {
  return hint.empty() ? std::move(fallback) : std::move(hint);
}

}  // namespace

void validate_profile(const Profile& profile, std::span<const ParamSpec> specs,
                      std::span<const RuleSummary> rules, Diagnostics& diags) {
  std::vector<std::string_view> param_names;
  for (const ParamSpec& s : specs) param_names.push_back(s.name);
  for (const auto& [name, param] : profile.params) {
    const std::string& wanted = name;  // clang 14 cannot capture a structured binding
    auto spec = std::find_if(specs.begin(), specs.end(),
                             [&](const ParamSpec& s) { return s.name == wanted; });
    if (spec == specs.end()) {
      diags.error("VT0207", param.where, "unknown parameter '" + name + "'",
                  hint_or(did_you_mean(name, param_names),
                          "parameters are declared with `param` in rules/*.vtr"));
      continue;
    }
    TypedParam typed = type_param_value(param.value, spec->type);
    if (!typed.value)
      diags.error("VT0208", param.where, "parameter '" + name + "' " + typed.error,
                  "declared as " + spec->type + " at " + spec->where.file + ":" +
                      std::to_string(spec->where.line));
  }

  std::vector<std::string_view> rule_ids;
  std::set<std::string_view> known_tags;
  for (const RuleSummary& r : rules) {
    rule_ids.push_back(r.id);
    known_tags.insert(r.tags.begin(), r.tags.end());
  }
  auto check_rule = [&](const std::string& id, const SourceSpan& where, std::string_view what) {
    if (std::find(rule_ids.begin(), rule_ids.end(), id) != rule_ids.end()) return;
    diags.error("VT0209", where, "unknown rule '" + id + "' in " + std::string(what),
                hint_or(did_you_mean(id, rule_ids), "`vtune rules` lists the rule ids"));
  };
  for (const ProfileRef& r : profile.enable) check_rule(r.name, r.where, "enable");
  for (const ProfileRef& r : profile.disable) check_rule(r.name, r.where, "disable");
  for (const Waiver& w : profile.waivers) check_rule(w.rule, w.rule_where, "a waiver");

  std::vector<std::string_view> tag_names(known_tags.begin(), known_tags.end());
  for (const ProfileRef& t : profile.tags)
    if (!known_tags.contains(t.name))
      diags.warning("VT0210", t.where, "no rule has the tag '" + t.name + "'",
                    did_you_mean(t.name, tag_names));

  if (!rules.empty() && select_rules(profile, rules).empty())
    diags.warning("VT0217", SourceSpan{profile.file, 1, 1, 1},
                  "profile '" + profile.name + "' selects no rules",
                  "add tags or enable rule ids under [rules]");
}

void check_waiver_expiry(const Profile& profile, const Date& today, Diagnostics& diags) {
  for (const Waiver& w : profile.waivers)
    if (w.expires && *w.expires < today)
      diags.warning("VT0212", w.where,
                    "waiver for '" + w.rule + "' expired on " + format_date(*w.expires) +
                        "; it no longer waives",
                    "renew it with a new date and a current reason, or remove it");
}

Date today_local() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

}  // namespace vtune
