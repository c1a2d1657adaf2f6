#include "engine/report/plan_text.h"

#include "appliers/value_text.h"

namespace vtune {
namespace {

std::string shown(const Facts& v) {
  if (v.is_null()) return "-";
  return facts_to_text(v).value_or(v.dump());
}

// daemon.json values as the file holds them: strings raw, everything else JSON (true, not
// the kernel's 1).
std::string shown(const Facts& v, std::string_view knob) {
  if (knob.substr(0, 12) == "daemon_json:" && !v.is_null() && !v.is_string()) return v.dump();
  return shown(v);
}

const char* state_color(ItemState s) {
  switch (s) {
    case ItemState::Compliant:
      return "\033[32m";
    case ItemState::Change:
      return "\033[33m";
    case ItemState::Advisory:
      return "\033[36m";
    case ItemState::Waived:
      return "\033[35m";
    case ItemState::NotApplicable:
      return "\033[2m";
    case ItemState::Error:
      return "\033[31;1m";
  }
  return "";
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

std::string plan_summary_line(const Plan& plan) {
  PlanCounts c = plan.counts();
  return std::to_string(c.total()) + " settings: " + std::to_string(c.compliant) + " compliant, " +
         std::to_string(c.change) + " to change, " + std::to_string(c.advisory) + " advisories, " +
         std::to_string(c.waived) + " waived, " + std::to_string(c.not_applicable) + " n/a, " +
         std::to_string(c.error) + " errors";
}

std::string render_plan_text(const Plan& plan, const PlanTextOptions& o) {
  std::string out = "plan for profile " + plan.profile;
  std::string chain;
  for (const std::string& p : plan.profile_chain) chain += (chain.empty() ? "" : " -> ") + p;
  out += " (" + chain + ") on " + (plan.hostname.empty() ? plan.root : plan.hostname) + "\n";
  std::string area;
  for (const PlanItem& i : plan.items) {
    if (o.only_drift && (i.state == ItemState::Compliant || i.state == ItemState::NotApplicable))
      continue;
    if (i.area != area) {
      area = i.area;
      out += "\n" + area + "\n";
    }
    std::string state(item_state_name(i.state));
    std::string cell = pad(state, 15);
    if (o.color) cell = std::string(state_color(i.state)) + cell + "\033[0m";
    std::string what = i.knob.empty() ? i.rule : i.knob;
    out += "  " + cell + what;
    if (!i.knob.empty()) out += "  " + shown(i.current, i.knob) + " -> " + shown(i.desired, i.knob);
    if (!i.knob.empty()) out += "  [" + i.rule + "]";
    if (!i.message.empty()) out += "\n      " + i.message;
    if (i.state == ItemState::Waived) out += "\n      waived: " + i.waiver_reason;
    if (i.provenance && !i.provenance->persisted_file.empty()) {
      const Provenance& p = *i.provenance;
      out += "\n      persisted: " + p.persisted_file + ":" + std::to_string(p.persisted_line) +
             " = " + p.persisted.value_or("");
      for (const std::string& c : p.conflicts) out += "; overrides " + c;
    }
    out += "\n";
  }
  if (!plan.conflicts.empty()) {
    out += "\nconflicts\n";
    for (const ResolvedConflict& c : plan.conflicts)
      out += "  " + c.knob + ": " + c.winner_rule + " (" + shown(c.winner_value) + ") over " +
             c.loser_rule + " (" + shown(c.loser_value) + "), " + c.why + "\n";
  }
  out += "\n" + plan_summary_line(plan) + "\n";
  return out;
}

}  // namespace vtune
