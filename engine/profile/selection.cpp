#include "engine/profile/selection.h"

#include <fnmatch.h>

#include <algorithm>

namespace vtune {
namespace {

bool named_in(const std::vector<ProfileRef>& list, std::string_view name) {
  return std::any_of(list.begin(), list.end(), [&](const ProfileRef& r) { return r.name == name; });
}

// Knob strings contain '/' (sysfs paths), so '*' must cross it: no FNM_PATHNAME.
bool glob_matches(const std::string& pattern, std::string_view text) {
  if (pattern.empty()) return true;
  if (text.empty()) return false;
  return ::fnmatch(pattern.c_str(), std::string(text).c_str(), 0) == 0;
}

}  // namespace

std::vector<std::string> select_rules(const Profile& profile, std::span<const RuleSummary> rules) {
  std::vector<std::string> ids;
  for (const RuleSummary& r : rules) {
    if (named_in(profile.disable, r.id)) continue;
    bool tagged = std::any_of(r.tags.begin(), r.tags.end(),
                              [&](const std::string& t) { return named_in(profile.tags, t); });
    if (tagged || named_in(profile.enable, r.id)) ids.push_back(r.id);
  }
  return ids;
}

WaiverMatch match_waiver(const Profile& profile, std::string_view rule_id, std::string_view knob,
                         std::string_view device, const Date& today) {
  WaiverMatch expired_match;
  // Waivers are stored parents first; the profile itself speaks last and is asked first.
  for (auto it = profile.waivers.rbegin(); it != profile.waivers.rend(); ++it) {
    const Waiver& w = *it;
    if (w.rule != rule_id || !glob_matches(w.knob, knob) || !glob_matches(w.device, device))
      continue;
    bool expired = w.expires && *w.expires < today;
    if (!expired) return {&w, false};
    if (expired_match.waiver == nullptr) expired_match = {&w, true};
  }
  return expired_match;
}

}  // namespace vtune
