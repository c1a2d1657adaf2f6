#include "engine/report/plan_prometheus.h"
#include "engine/core/text_escape.h"

#include "engine/core/text.h"

#include <ctime>
#include <map>

namespace vtune {
namespace {

constexpr ItemState kStates[] = {ItemState::Compliant,     ItemState::Change, ItemState::Advisory,
                                 ItemState::NotApplicable, ItemState::Waived, ItemState::Error,
                                 ItemState::Unknown};

// Advisories and errors are not "compliant": an advisory asks for a human decision and an
// error means compliance is unknown.
bool counts_as_compliant(ItemState s) {
  return s == ItemState::Compliant || s == ItemState::Waived || s == ItemState::NotApplicable;
}

void header(std::string& out, std::string_view name, std::string_view help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += " gauge\n";
}

}  // namespace

// The exposition format is UTF-8: bytes from host files that are not become U+FFFD first.
std::string prometheus_label_escape(std::string_view raw) {
  const std::string value = replace_invalid_utf8(raw);
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_plan_prometheus(const Plan& plan, int64_t timestamp) {
  const std::string profile = "profile=\"" + prometheus_label_escape(plan.profile) + "\"";

  std::map<std::string, bool> rule_ok;  // sorted by rule id
  for (const PlanItem& item : plan.items) {
    auto [it, inserted] = rule_ok.emplace(item.rule, true);
    it->second = it->second && counts_as_compliant(item.state);
  }
  std::map<ItemState, int> per_state;
  for (const PlanItem& item : plan.items) ++per_state[item.state];

  std::string out;
  header(out, "vtune_rule_compliant",
         "1 when every item of the rule is compliant, waived or not applicable, else 0.");
  for (const auto& [rule, ok] : rule_ok)
    out += "vtune_rule_compliant{" + profile + ",rule=\"" + prometheus_label_escape(rule) + "\"} " +
           (ok ? "1" : "0") + "\n";

  header(out, "vtune_drift_items", "Plan items whose live value differs from the desired one.");
  out +=
      "vtune_drift_items{" + profile + "} " + std::to_string(per_state[ItemState::Change]) + "\n";

  header(out, "vtune_items", "Plan items by state.");
  for (ItemState s : kStates)
    out += "vtune_items{" + profile + ",state=\"" + std::string(item_state_name(s)) + "\"} " +
           std::to_string(per_state[s]) + "\n";

  header(out, "vtune_check_timestamp_seconds", "Unix time of the check.");
  out += "vtune_check_timestamp_seconds{" + profile + "} " + std::to_string(timestamp) + "\n";
  return out;
}

std::string render_plan_prometheus(const Plan& plan) {
  return render_plan_prometheus(plan, static_cast<int64_t>(std::time(nullptr)));
}

}  // namespace vtune
