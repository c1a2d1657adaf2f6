// `vtune explain RULE|KNOB [--profile P]`: why a rule exists and what it means on this host:
// its source text, rationale, reference and practice, whether it applies here and why, and for
// each of its items the current and desired values with the persisted provenance. A knob
// ("sysctl:net.core.somaxconn") explains every rule that sets it.
#include <algorithm>
#include <iostream>

#include "engine/cli/command.h"
#include "engine/cli/plan_inputs.h"
#include "engine/core/text.h"
#include "engine/core/text_escape.h"
#include "engine/facts/json_text.h"
#include "engine/lang/library.h"
#include "engine/profile/nearest.h"
#include "engine/profile/selection.h"
#include "engine/report/plan_text.h"

namespace vtune::cli {
namespace {

std::string shown(const Json& v) {
  if (v.is_null()) return "unknown";
  return escape_control_line(text_plan_value(v));
}

void print_item(const PlanItem& i) {
  std::cout << "  " << item_state_name(i.state);
  if (!i.knob.empty())
    std::cout << "  " << i.knob << "\n    current: " << shown(i.current)
              << "\n    desired: " << shown(i.desired);
  if (i.knob.empty() && !i.subject.empty()) std::cout << "  " << escape_control(i.subject);
  if (!i.message.empty()) std::cout << "\n    " << escape_control(i.message);
  for (const std::string& r : i.reasons) std::cout << "\n    because " << escape_control(r);
  if (i.provenance) {
    const Provenance& p = *i.provenance;
    if (p.persisted_file.empty())
      std::cout << "\n    persisted: nothing persists it (the kernel default returns at boot)";
    else
      std::cout << "\n    persisted: " << p.persisted_file << ":" << p.persisted_line << " = "
                << escape_control_line(p.persisted.value_or(""));
    for (const std::string& c : p.conflicts)
      std::cout << "\n    overridden: " << escape_control_line(c);
    if (p.reboot_drift) std::cout << "\n    reboot drift: runtime and persisted values disagree";
  }
  if (!i.waiver_reason.empty())
    std::cout << "\n    waiver" << (i.waiver_expired ? " (expired)" : "") << ": "
              << i.waiver_reason;
  std::cout << "\n";
}

void print_rule(const lang::RuleLibrary& lib, const lang::RuleDecl& r, const Plan& plan,
                bool selected, const std::string& profile, const std::string& knob) {
  const lang::RuleAttrs& a = r.attrs;
  SourceSpan at = lang::rule_span(lib, r);
  std::cout << r.id << ": " << escape_control_line(r.title) << "\n  defined at " << at.file << ":"
            << at.line << "\n";
  if (!a.practice.empty()) std::cout << "  practice:  " << a.practice << "\n";
  if (!a.reference.empty()) std::cout << "  reference: " << a.reference << "\n";
  if (!a.rationale.empty()) std::cout << "  rationale: " << escape_control(a.rationale) << "\n";
  if (!profile.empty())
    std::cout << "  profile " << profile << (selected ? " selects it" : " does not select it")
              << "\n";
  bool applies = false;
  for (const PlanItem& i : plan.items)
    if (i.rule == r.id && i.state != ItemState::NotApplicable) applies = true;
  std::cout << "  on this host: "
            << (applies ? "applies" : "does not apply (its conditions do not hold)") << "\n";
  // Explaining a knob shows that knob's items only; a rule, all of them.
  for (const PlanItem& i : plan.items)
    if (i.rule == r.id && (knob.empty() || i.knob == knob || i.knob.empty())) print_item(i);
  for (const ResolvedConflict& c : plan.conflicts)
    if (c.winner_rule == r.id || c.loser_rule == r.id)
      std::cout << "  conflict on " << c.knob << ": " << c.winner_rule << " wins over "
                << c.loser_rule << " (" << c.why << ")\n";
  std::cout << "\nsource:\n" << escape_control(lang::rule_source(lib, r)) << "\n\n";
}

}  // namespace

Runner setup_explain(CLI::App& sub, const GlobalOptions& global) {
  struct Opts {
    PlanOptions plan;
    std::string subject;
  };
  auto opts = std::make_shared<Opts>();
  sub.description(
      "Explain a rule (by id) or a knob (sysctl:KEY, ethtool:IF:FIELD, ...): its source,\n"
      "rationale, reference and practice, whether it applies on this host and why, and the\n"
      "current and desired values with their persisted provenance. With --profile, the\n"
      "profile's parameters and waivers are used.");
  sub.add_option("subject", opts->subject, "A rule id or a knob")->required();
  add_plan_options(sub, opts->plan, false);
  return [opts, &global] {
    int code = 1;
    std::optional<PlanInputs> in = load_plan_inputs(opts->plan, global, code);
    if (!in) return code;
    // Explaining evaluates the rules in question whether or not the profile selects them: a
    // copy of the profile (or an empty one, with every parameter at its default) enables them.
    Profile base = in->profile.value_or(Profile{});
    if (!in->profile) base.name = "(rule defaults)";
    std::vector<const lang::RuleDecl*> rules;
    if (const lang::RuleDecl* r = in->lib.find_rule(opts->subject)) rules.push_back(r);
    Profile probe = base;
    if (rules.empty()) {
      for (const lang::RuleDecl* r : in->lib.rules) probe.enable.push_back({r->id, {}});
    } else {
      probe.enable.push_back({rules[0]->id, {}});
    }
    Plan plan = run_planner(*in, opts->plan, global, &probe);
    const bool knob_subject = rules.empty();
    if (rules.empty()) {  // a knob: every rule with an item (or a lost conflict) on it
      for (const lang::RuleDecl* r : in->lib.rules) {
        bool sets = false;
        for (const PlanItem& i : plan.items) sets |= i.rule == r->id && i.knob == opts->subject;
        for (const ResolvedConflict& c : plan.conflicts)
          sets |= c.knob == opts->subject && (c.loser_rule == r->id || c.winner_rule == r->id);
        if (sets) rules.push_back(r);
      }
      if (rules.empty()) {
        std::vector<std::string_view> names;  // every rule id and every knob set here
        for (const lang::RuleDecl* r : in->lib.rules) names.push_back(r->id);
        for (const PlanItem& i : plan.items)
          if (!i.knob.empty()) names.push_back(i.knob);
        std::string hint = did_you_mean(opts->subject, names);
        std::cerr << "vtune: error: '" << opts->subject
                  << "' is neither a rule id nor a knob any rule sets on this host\n";
        if (!hint.empty()) std::cerr << "  " << hint << "\n";
        std::cerr << "  (vtune rules lists the rule ids; knobs look like "
                     "sysctl:net.core.somaxconn)\n";
        return 1;
      }
    }
    std::vector<std::string> selected;
    if (in->profile) selected = select_rules(*in->profile, lang::rule_summaries(in->lib));
    for (const lang::RuleDecl* r : rules) {
      bool sel = std::find(selected.begin(), selected.end(), r->id) != selected.end();
      print_rule(in->lib, *r, plan, sel, in->profile ? in->profile->name : std::string(),
                 knob_subject ? opts->subject : std::string());
    }
    return 0;
  };
}

}  // namespace vtune::cli
