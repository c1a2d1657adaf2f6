#pragma once
// `vtune diff`: what differs between two hosts. Facts are compared leaf by leaf under a path
// in the rule language's spelling (`nics[eno1].mtu`, `sysctl."net.core.somaxconn"`); a
// subtree one side lacks is one difference at its root, not one per leaf. Plans (with a
// profile) are compared item by item, matched by rule and knob (or, for checks and advice,
// by what they tested).
#include <optional>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/plan/plan.h"

namespace vtune {

struct FactDifference {
  std::string path;
  std::optional<Json> a, b;  // nullopt: the path does not exist on that side
};

// Objects are compared key by key; arrays of objects that all carry a distinct string
// "name" (NICs, disks) by name, other arrays of objects by index; arrays of scalars, and
// scalars, as whole values. In path order.
std::vector<FactDifference> diff_facts(const Json& a, const Json& b);

// One plan item's side of a difference.
struct PlannedSide {
  ItemState state = ItemState::Compliant;
  Json current, desired;
  std::string message;
};

struct SettingDifference {
  std::string rule;
  std::string knob;                 // the setting's knob; empty for checks and advice
  std::string subject;              // what a check tested, or the device an advice is about
  std::optional<PlannedSide> a, b;  // nullopt: that plan has no such item
};

// The items whose state, current or desired value differ, or that only one plan has, in
// rule, knob, subject order. Items match by (rule, knob, subject or device); repeated keys
// match in plan order.
std::vector<SettingDifference> diff_plans(const Plan& a, const Plan& b);

struct SnapshotDiff {
  std::string a_path, b_path, a_hostname, b_hostname;
  std::vector<FactDifference> facts;
  std::optional<std::string> profile;  // set when plans were compared
  std::vector<SettingDifference> settings;
  bool empty() const { return facts.empty() && settings.empty(); }
};

}  // namespace vtune
