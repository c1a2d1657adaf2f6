#include "engine/report/plan_text.h"
#include "engine/core/text_escape.h"
#include "engine/facts/json_text.h"

#include <algorithm>
#include <array>
#include <map>
#include <string_view>

#include "appliers/value_text.h"
#include "engine/core/text.h"

namespace vtune {
namespace {

// How a state looks, by its name: the summary's words, the colour, and where its items sort
// within an area (what would change first). A state missing here sorts with `unknown`, is
// labelled by its name and printed uncoloured.
struct StateStyle {
  std::string_view name;
  std::string_view label;  // in counts: "3 to change"
  const char* color;
  int rank;
};

constexpr std::array<StateStyle, 7> kStates{{
    {"change", "to change", "\033[33m", 0},
    {"error", "errors", "\033[31;1m", 1},
    {"unknown", "unknown", "\033[35;1m", 2},
    {"advisory", "advisories", "\033[36m", 3},
    {"waived", "waived", "\033[35m", 4},
    {"compliant", "compliant", "\033[32m", 5},
    {"not-applicable", "n/a", "\033[2m", 6},
}};
constexpr int kUnlistedRank = 2;

// The summary line's fixed part, in the order scripts have always read it.
constexpr std::array<std::string_view, 6> kSummaryStates{"compliant", "change",         "advisory",
                                                         "waived",    "not-applicable", "error"};

// The areas in the order a person reads a host: its I/O paths first, then the platform.
constexpr std::array<std::string_view, 7> kAreaOrder{"network", "storage",    "memory", "cpu",
                                                     "virt",    "containers", "vmx"};

const StateStyle* style_of(std::string_view name) {
  for (const StateStyle& s : kStates)
    if (s.name == name) return &s;
  return nullptr;
}

int state_rank(ItemState s) {
  const StateStyle* st = style_of(item_state_name(s));
  return st ? st->rank : kUnlistedRank;
}

std::string state_label(std::string_view name) {
  const StateStyle* st = style_of(name);
  return std::string(st ? st->label : name);
}

size_t area_rank(std::string_view area) {
  auto it = std::find(kAreaOrder.begin(), kAreaOrder.end(), area);
  return static_cast<size_t>(it - kAreaOrder.begin());  // others after, by name
}

bool hidden_unless_all(const PlanItem& i) {
  return i.state == ItemState::Compliant || i.state == ItemState::NotApplicable;
}

// Counts by state name, each state once, in rank order (then by name).
using StateCounts = std::vector<std::pair<std::string, int>>;

StateCounts count_states(const std::vector<const PlanItem*>& items) {
  std::map<std::pair<int, std::string>, int> by_rank;
  for (const PlanItem* i : items)
    ++by_rank[{state_rank(i->state), std::string(item_state_name(i->state))}];
  StateCounts out;
  for (const auto& [key, n] : by_rank) out.emplace_back(key.second, n);
  return out;
}

std::string counts_text(const StateCounts& counts) {
  std::string out;
  for (const auto& [name, n] : counts)
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + state_label(name);
  return out;
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string paint(const std::string& text, const char* color, bool on) {
  return on && color ? std::string(color) + text + "\033[0m" : text;
}

std::string render_item(const PlanItem& i, bool color) {
  std::string_view name = item_state_name(i.state);
  const StateStyle* st = style_of(name);
  std::string out = "  " + paint(pad(std::string(name), 15), st ? st->color : nullptr, color);
  if (!i.knob.empty()) {
    out += escape_control_line(i.knob) + "  " + escape_control_line(text_plan_value(i.current)) +
           " -> " + escape_control_line(text_plan_value(i.desired));
    if (!is_exact(i.bound))
      out += " (" + escape_control_line(bound_text(i.bound, i.bound_value)) + ")";
    out += "  [" + i.rule + "]";
  } else {
    out += i.rule;
    // What a check or advice looked at: "n = eno1: n.mtu >= 1500", else the device.
    if (!i.subject.empty())
      out += "  " + escape_control_line(i.subject);
    else if (!i.device.empty())
      out += "  " + escape_control_line(i.device);
  }
  if (!i.message.empty()) out += "\n      " + escape_control(i.message);
  if (i.state == ItemState::Waived) out += "\n      waived: " + escape_control(i.waiver_reason);
  if (i.provenance && !i.provenance->persisted_file.empty()) {
    const Provenance& p = *i.provenance;
    out += "\n      persisted: " + escape_control_line(p.persisted_file) + ":" +
           std::to_string(p.persisted_line) + " = " + escape_control_line(p.persisted.value_or(""));
    for (const std::string& c : p.conflicts) out += "; overrides " + escape_control_line(c);
  }
  return out + "\n";
}

}  // namespace

std::string text_plan_value(const Json& v) {
  if (v.is_null()) return "-";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return facts_to_text(v).value_or(dump_json(v));
}

std::string plan_summary_line(const Plan& plan) {
  std::vector<const PlanItem*> all;
  for (const PlanItem& i : plan.items) all.push_back(&i);
  StateCounts counts = count_states(all);
  auto count_of = [&](std::string_view name) {
    for (const auto& [n, c] : counts)
      if (n == name) return c;
    return 0;
  };
  std::string out = std::to_string(plan.items.size()) + " settings: ";
  for (size_t k = 0; k < kSummaryStates.size(); ++k)
    out += (k ? ", " : "") + std::to_string(count_of(kSummaryStates[k])) + " " +
           state_label(kSummaryStates[k]);
  for (const auto& [name, n] : counts)
    if (std::find(kSummaryStates.begin(), kSummaryStates.end(), name) == kSummaryStates.end())
      out += ", " + std::to_string(n) + " " + state_label(name);
  return out;
}

std::string render_plan_text(const Plan& plan, const PlanTextOptions& o) {
  std::string chain;
  for (const std::string& p : plan.profile_chain) chain += (chain.empty() ? "" : " -> ") + p;
  std::string out = "plan for profile " + plan.profile + " (" + chain + ") on " +
                    escape_control_line(plan.hostname.empty() ? plan.root : plan.hostname) + "\n";
  out += plan_summary_line(plan) + "\n";

  // Areas in reading order; within one, the states in rank order, then the planner's order.
  std::vector<const PlanItem*> items;
  for (const PlanItem& i : plan.items) items.push_back(&i);
  std::stable_sort(items.begin(), items.end(), [](const PlanItem* a, const PlanItem* b) {
    size_t ra = area_rank(a->area), rb = area_rank(b->area);
    if (ra != rb) return ra < rb;
    if (a->area != b->area) return a->area < b->area;
    return state_rank(a->state) < state_rank(b->state);
  });

  int hidden = 0;
  for (const PlanItem* i : items) hidden += !o.all && hidden_unless_all(*i);
  if (hidden > 0)
    out += "(" + std::to_string(hidden) +
           " compliant or not-applicable items are not listed; --all lists them)\n";

  for (size_t start = 0; start < items.size();) {
    size_t end = start;
    while (end < items.size() && items[end]->area == items[start]->area) ++end;
    std::vector<const PlanItem*> area(items.begin() + start, items.begin() + end);
    start = end;
    std::string body;
    for (const PlanItem* i : area)
      if (o.all || !hidden_unless_all(*i)) body += render_item(*i, o.color);
    if (body.empty()) continue;  // nothing but hidden items: the summary counts them
    std::string name = area.front()->area.empty() ? "other" : area.front()->area;
    out += "\n" + paint(name, "\033[1m", o.color) + ": " + counts_text(count_states(area)) + "\n" +
           body;
  }
  if (!plan.conflicts.empty()) {
    out += "\n" + paint("conflicts", "\033[1m", o.color) + "\n";
    for (const ResolvedConflict& c : plan.conflicts)
      out += "  " + c.knob + ": " + c.winner_rule + " (" + text_plan_value(c.winner_value) +
             ") over " + c.loser_rule + " (" + text_plan_value(c.loser_value) + "), " + c.why +
             "\n";
  }
  return out;
}

}  // namespace vtune
