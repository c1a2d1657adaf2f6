// The planner (planner.h): evaluation results turned into plan items, conflicts resolved,
// waivers matched, coupled knobs checked, sysctl provenance attached.
#include "engine/plan/planner.h"
#include "engine/facts/json_text.h"

#include <algorithm>
#include <cerrno>
#include <deque>
#include <map>
#include <tuple>

#include "appliers/value_text.h"
#include "engine/core/text.h"
#include "engine/lang/evaluate.h"
#include "engine/plan/file_errors.h"
#include "engine/plan/sysfs_globs.h"
#include "engine/plan/unknown_items.h"
#include "engine/profile/selection.h"
#include "engine/profile/validate.h"
#include "probes/collect.h"
#include "probes/sysctl_reader.h"

namespace vtune {
namespace {

// The text form of a value, as the kernel or a config file would hold it.
std::string value_text(const Json& v) {
  if (v.is_null()) return {};
  return facts_to_text(v).value_or(dump_json(v));
}

bool same_value(const lang::Setting& a, const lang::Setting& b) {
  return a.bounds == b.bounds && normalize_sysctl_value(a.value) == normalize_sysctl_value(b.value);
}

// The NIC, disk or file a knob concerns, so waivers can name devices.
std::string knob_device(const Knob& k) {
  switch (k.kind) {
    case KnobKind::Ethtool:
    case KnobKind::IrqAffinity:
    case KnobKind::Rps:
    case KnobKind::RpsFlow:
    case KnobKind::Xps:
    case KnobKind::Vmx:
      return k.subject;
    case KnobKind::Sysfs:
      for (std::string_view prefix : {"/sys/block/", "/sys/class/net/"}) {
        if (k.subject.starts_with(prefix)) {
          std::string rest = k.subject.substr(prefix.size());
          return rest.substr(0, rest.find('/'));
        }
      }
      return {};
    default:
      return {};
  }
}

// The position in the include chain of the last profile that selected `rule` (by tag or by
// enable); -1 when unknown. A later profile is the more specific one, so it wins conflicts.
int chain_rank(const Profile& p, const lang::RuleDecl& rule) {
  auto index_of = [&](const std::string& file) {
    for (size_t i = 0; i < p.chain.size(); ++i)
      if (p.chain[i].file == file) return static_cast<int>(i);
    return -1;
  };
  int rank = -1;
  for (const ProfileRef& t : p.tags)
    if (std::find(rule.attrs.tags.begin(), rule.attrs.tags.end(), t.name) != rule.attrs.tags.end())
      rank = std::max(rank, index_of(t.where.file));
  for (const ProfileRef& e : p.enable)
    if (e.name == rule.id) rank = std::max(rank, index_of(e.where.file));
  return rank;
}

struct Candidate {
  const lang::Setting* setting;
  const lang::RuleDecl* rule;
  int rank;
  size_t seq;  // evaluation order, the last tie-break (a later statement of one rule wins)
};

// Whether `a` beats `b` for the same knob, and why.
bool beats(const Candidate& a, const Candidate& b, std::string& why) {
  int64_t pa = a.rule ? a.rule->attrs.priority : 0, pb = b.rule ? b.rule->attrs.priority : 0;
  if (pa != pb) {
    why = "priority " + std::to_string(std::max(pa, pb)) + " > " + std::to_string(std::min(pa, pb));
    return pa > pb;
  }
  if (a.rank != b.rank) {
    why = "selected by a later profile in the include chain";
    return a.rank > b.rank;
  }
  if (a.setting->rule != b.setting->rule) {
    why = "same priority and profile: the later rule id wins";
    return a.setting->rule > b.setting->rule;
  }
  why = "a later statement of the same rule";
  return a.seq > b.seq;
}

// Floors on one knob combine: the host must satisfy each, so the element-wise largest floor
// is planned (for ceilings the smallest). Candidates with the same non-exact bounds are
// merged into one setting, owned by the one that `beats` the others; an exact value and a
// bound still compete as values do. Returns the rules folded into each merged candidate.
std::map<size_t, std::vector<const lang::Setting*>> combine_bounds(
    std::vector<Candidate>& cands, std::deque<lang::Setting>& storage) {
  // Settings that combine: the same non-exact bounds over the same number of integers.
  auto key_of = [](const lang::Setting& s) -> std::optional<std::pair<Bounds, size_t>> {
    if (is_exact(s.bounds)) return std::nullopt;
    std::optional<std::vector<int64_t>> v = numeric_elements(s.json);
    if (!v) return std::nullopt;
    return std::pair{s.bounds, v->size()};
  };
  std::vector<Candidate> out;
  std::map<size_t, std::vector<const lang::Setting*>> folded;
  std::vector<bool> taken(cands.size(), false);
  for (size_t i = 0; i < cands.size(); ++i) {
    if (taken[i]) continue;
    std::optional<std::pair<Bounds, size_t>> key = key_of(*cands[i].setting);
    std::vector<size_t> group{i};
    for (size_t j = i + 1; key && j < cands.size(); ++j)
      if (!taken[j] && key_of(*cands[j].setting) == key) {
        group.push_back(j);
        taken[j] = true;
      }
    if (group.size() == 1) {
      out.push_back(cands[i]);
      continue;
    }
    // The owner is the member that beats the others; the rest are folded into it.
    size_t owner = group[0];
    std::vector<const lang::Setting*> losers;
    std::string why;
    for (size_t k = 1; k < group.size(); ++k) {
      size_t g = group[k];
      bool wins = beats(cands[g], cands[owner], why);
      losers.push_back(cands[wins ? owner : g].setting);
      if (wins) owner = g;
    }
    const Bounds& bounds = key->first;
    std::vector<int64_t> bound = *numeric_elements(cands[i].setting->json);
    for (size_t g : group) {
      std::vector<int64_t> v = *numeric_elements(cands[g].setting->json);
      for (size_t e = 0; e < bound.size(); ++e)
        bound[e] = bounds[e] == Bound::AtMost ? std::min(bound[e], v[e]) : std::max(bound[e], v[e]);
    }
    lang::Setting merged = *cands[owner].setting;
    Json json = Json::array();
    for (int64_t v : bound) json.push_back(v);
    merged.json = merged.json.is_array() ? json : json[0];
    merged.value = facts_to_text(merged.json).value_or(merged.value);
    storage.push_back(std::move(merged));
    folded[out.size()] = std::move(losers);
    out.push_back(cands[owner]);
    out.back().setting = &storage.back();
  }
  cands = std::move(out);
  return folded;
}

PlanItem rule_item(const lang::RuleLibrary& lib, std::string_view id) {
  PlanItem item;
  item.rule = std::string(id);
  item.area = rule_area(id);
  if (const lang::RuleDecl* r = lib.find_rule(id)) {
    item.title = r->title;
    item.severity = r->attrs.severity.empty() ? "info" : r->attrs.severity;
    item.reboot = r->attrs.reboot.value_or(false);
    item.disruption = r->attrs.disruption.empty() ? "none" : r->attrs.disruption;
  }
  return item;
}

void attach_provenance(PlanItem& item, const Applier& applier, const Knob& knob, bool runtime_ok,
                       const lang::Setting& s) {
  std::optional<Persisted> p = applier.persisted(knob);
  if (!p) return;
  Provenance prov;
  prov.runtime = item.current;
  prov.persisted = p->value;
  prov.persisted_file = p->file;
  prov.persisted_line = p->line;
  for (const Assignment& a : p->conflicts)
    prov.conflicts.push_back(a.file + ":" + std::to_string(a.line) + " sets " + a.value);
  // Only a persisted value can be compared: with none, the boot value is the kernel's default,
  // which the planner does not know.
  if (p->value && !item.current.is_null()) {
    bool persisted_ok = is_exact(s.bounds) ? applier.equal(knob, Json(*p->value), item.desired)
                                           : satisfies_bounds(Json(*p->value), s.json, s.bounds);
    prov.reboot_drift = persisted_ok != runtime_ok;
    std::string at = p->file + ":" + std::to_string(p->line);
    if (prov.reboot_drift && runtime_ok)
      item.message += (item.message.empty() ? "" : "; ") + std::string("right now, but ") + at +
                      " persists " + *p->value + ": a reboot would revert it";
    else if (prov.reboot_drift)
      item.message += (item.message.empty() ? "" : "; ") + at +
                      " already persists the desired value; the runtime value differs until it "
                      "is reloaded or the host reboots";
  }
  item.provenance = std::move(prov);
}

PlanItem setting_item(const lang::RuleLibrary& lib, const lang::Setting& s,
                      const ApplierSet& appliers) {
  PlanItem item = rule_item(lib, s.rule);
  const Knob& knob = s.knob;
  item.knob = format_knob(knob);
  item.typed_knob = knob;
  item.desired = s.json;
  item.reasons = s.reasons;
  if (!is_exact(s.bounds)) {
    item.bound = s.bounds;
    item.bound_value = s.json;
  }
  item.device = knob_device(knob);
  const Applier& applier = appliers.applier_for(knob.kind);
  if (Result<Target> target = applier.resolve(knob)) item.target = target->describe;
  Result<KnobValue> current = applier.read(knob);
  if (!current) {
    // Permission denied (a run as a normal user) or a file the snapshot or kernel does not
    // have: not checkable here (unknown), as opposed to a read that failed (error).
    int err = current.error().err;
    bool vantage = err == EACCES || err == EPERM || err == ENOENT;
    item.state = vantage ? ItemState::Unknown : ItemState::Error;
    item.message =
        std::string(vantage ? "not checkable here: " : "cannot read the current value: ") +
        current.error().message();
    if (knob.kind == KnobKind::Sysctl) attach_provenance(item, applier, knob, false, s);
    return item;
  }
  item.current = current->value;
  // A bound keeps what the host already satisfies: desired is current with only the
  // violating elements moved to their bound.
  std::optional<BoundOutcome> bounded;
  if (!is_exact(s.bounds)) {
    bounded = apply_bounds(item.current, s.json, s.bounds);
    item.desired = bounded->desired;
  }
  if (std::optional<std::string> invalid = applier.validate(knob, item.desired)) {
    item.state = ItemState::Error;
    item.message = *invalid;
  } else {
    bool ok = bounded ? bounded->compliant : applier.equal(knob, item.current, item.desired);
    item.state = ok ? ItemState::Compliant : ItemState::Change;
    if (bounded) item.message = bounded->message;
    if (knob.kind == KnobKind::Sysctl) attach_provenance(item, applier, knob, ok, s);
  }
  return item;
}

// tcp_rmem/tcp_wmem's max (third field) must not exceed rmem_max/wmem_max: a socket asking for
// more than the core ceiling gets less than the TCP autotuning limit promises. The desired
// value counts where the plan sets the knob, the current value otherwise. Only pairs the plan
// touches are checked; a violation is an error on the tcp_* item (never a silent clamp).
void check_coupling(std::vector<PlanItem>& items, const ApplierSet& appliers) {
  const Applier& sysctl = appliers.applier_for(KnobKind::Sysctl);
  auto planned = [&](const std::string& knob) -> PlanItem* {
    for (PlanItem& i : items)
      if (i.knob == knob && (i.state == ItemState::Compliant || i.state == ItemState::Change ||
                             i.state == ItemState::Waived))
        return &i;
    return nullptr;
  };
  auto value_of = [&](PlanItem* item, const std::string& key) -> std::optional<std::string> {
    if (item) return normalize_sysctl_value(value_text(item->desired));
    Result<KnobValue> v = sysctl.read(Knob{KnobKind::Sysctl, key, {}});
    if (!v || v->value.is_null()) return std::nullopt;
    return normalize_sysctl_value(value_text(v->value));
  };
  for (auto [triple, ceiling] : {std::pair{"net.ipv4.tcp_rmem", "net.core.rmem_max"},
                                 std::pair{"net.ipv4.tcp_wmem", "net.core.wmem_max"}}) {
    std::string tk = std::string("sysctl:") + triple, ck = std::string("sysctl:") + ceiling;
    PlanItem* t = planned(tk);
    PlanItem* c = planned(ck);
    if (!t && !c) continue;
    std::optional<std::string> tv = value_of(t, triple), cv = value_of(c, ceiling);
    if (!tv || !cv) continue;  // unknown: nothing to compare, and nothing to invent
    std::vector<std::string_view> fields = split_ws(*tv);
    std::optional<int64_t> max = fields.size() == 3 ? parse_int(fields[2]) : std::nullopt;
    std::optional<int64_t> limit = parse_int(*cv);
    if (!max || !limit || *max <= *limit) continue;
    // A floor on the core ceiling is itself satisfied by raising it further: the coupling
    // is one more floor (rmem_max >= tcp_rmem's max), so the plan says so and raises it.
    if (c && c->bound == Bounds{Bound::AtLeast} &&
        (c->state == ItemState::Compliant || c->state == ItemState::Change)) {
      Knob knob{KnobKind::Sysctl, ceiling, {}};
      if (!sysctl.validate(knob, Json(*max))) {
        std::string before = value_text(c->desired);
        c->desired = Json(*max);
        c->state =
            sysctl.equal(knob, c->current, c->desired) ? ItemState::Compliant : ItemState::Change;
        c->message += (c->message.empty() ? "" : "; ") + std::string("raised from ") + before +
                      " to " + std::to_string(*max) + " to cover " + triple + "'s max (" +
                      (t ? "desired" : "current") + ")";
        continue;
      }
    }
    std::string message = std::string(triple) + " max " + std::to_string(*max) + " (" +
                          (t ? "desired" : "current") + ") exceeds " + ceiling + " " +
                          std::to_string(*limit) + " (" + (c ? "desired" : "current") +
                          "); raise " + ceiling + " or lower " + triple + "'s third field";
    PlanItem* target = t ? t : c;
    target->state = ItemState::Error;
    target->message = message;
  }
}

void apply_waiver(PlanItem& item, const Profile& profile, const Date& today) {
  WaiverMatch m = match_waiver(profile, item.rule, item.knob, item.device, today);
  if (!m.waiver) return;
  item.waiver_reason = m.waiver->reason;
  if (m.waiver->expires) item.waiver_expires = format_date(*m.waiver->expires);
  item.waiver_expired = m.expired;
  if (m.expired) {
    item.message += (item.message.empty() ? "" : "; ") + std::string("waiver expired on ") +
                    item.waiver_expires.value_or("?");
    return;
  }
  if (item.state == ItemState::Change || item.state == ItemState::Advisory)
    item.state = ItemState::Waived;
}

}  // namespace

std::string rule_area(std::string_view id) {
  static const std::pair<std::string_view, std::string_view> kAreas[] = {
      {"net", "network"},         {"nic", "network"}, {"storage", "storage"},
      {"mem", "memory"},          {"cpu", "cpu"},     {"numa", "cpu"},
      {"virt", "virt"},           {"vmx", "vmx"},     {"docker", "containers"},
      {"container", "containers"}};
  std::string_view prefix = id.substr(0, id.find('.'));
  for (auto [p, area] : kAreas)
    if (p == prefix) return std::string(area);
  return "other";
}

void preload_sysctls(const lang::RuleLibrary& lib, const HostFs& fs, Facts& facts) {
  if (!facts.contains("sysctl") || !facts["sysctl"].is_object()) facts["sysctl"] = Json::object();
  Json& sysctl = facts["sysctl"];
  for (const std::string& key : lang::referenced_sysctls(lib)) {
    if (sysctl.contains(key) && !sysctl[key].is_null()) continue;
    Result<std::string> v = read_sysctl(fs, key);
    sysctl[key] = v ? Json(*v) : Json();
  }
}

Plan plan_from_facts(const PlanRequest& req, const Facts& facts, const ApplierSet& appliers) {
  const lang::RuleLibrary& lib = req.lib;
  const Profile& profile = req.profile;
  Plan plan;
  plan.profile = profile.name;
  for (const ChainEntry& c : profile.chain) plan.profile_chain.push_back(c.name);

  std::vector<RuleSummary> summaries = lang::rule_summaries(lib);
  std::vector<std::string> selected = select_rules(profile, summaries);
  plan.rules_selected = static_cast<int>(selected.size());
  std::map<std::string, Json> params = param_values(profile, lang::param_specs(lib));
  lang::ParamValues values(params.begin(), params.end());
  lang::Evaluation eval = lang::evaluate(lib, facts, values, selected);
  // Rules whose conditions held, so they produced settings, advice or check results.
  plan.rules_applicable = plan.rules_selected - static_cast<int>(eval.not_applicable.size());

  // Settings, grouped by knob; the winner of each knob is kept, every loser recorded.
  // A sysfs glob becomes one setting per file it matches, so each item names one file.
  eval.settings = expand_sysfs_globs(eval.settings, appliers.fs());
  std::map<std::string, std::vector<Candidate>> by_knob;
  for (size_t i = 0; i < eval.settings.size(); ++i) {
    const lang::Setting& s = eval.settings[i];
    const lang::RuleDecl* rule = lib.find_rule(s.rule);
    by_knob[format_knob(s.knob)].push_back({&s, rule, rule ? chain_rank(profile, *rule) : -1, i});
  }
  std::deque<lang::Setting> merged;  // combined floors and ceilings (stable addresses)
  for (auto& [knob, cands] : by_knob) {
    std::map<size_t, std::vector<const lang::Setting*>> folded = combine_bounds(cands, merged);
    const Candidate* winner = &cands[0];
    std::string why;
    for (const Candidate& c : cands)
      if (&c != winner && beats(c, *winner, why)) winner = &c;
    std::vector<std::string> kept_rules{winner->setting->rule};
    plan.items.push_back(setting_item(lib, *winner->setting, appliers));
    // Each rule whose bound was folded into the winner's keeps its finding, planned against
    // the combined bound so every item on the knob wants the same value.
    if (auto f = folded.find(static_cast<size_t>(winner - cands.data())); f != folded.end()) {
      for (const lang::Setting* s : f->second) {
        if (std::find(kept_rules.begin(), kept_rules.end(), s->rule) != kept_rules.end()) continue;
        kept_rules.push_back(s->rule);
        lang::Setting as_own = *winner->setting;
        as_own.rule = s->rule;
        as_own.reasons = s->reasons;
        PlanItem item = setting_item(lib, as_own, appliers);
        item.message += (item.message.empty() ? "" : "; ") + std::string("its bound ") + s->value +
                        " is combined with " + winner->setting->rule + "'s";
        plan.items.push_back(std::move(item));
      }
    }
    for (const Candidate& c : cands) {
      if (&c == winner) continue;
      if (same_value(*c.setting, *winner->setting)) {
        // Two rules agreeing is no conflict: each keeps its finding (one per rule).
        if (std::find(kept_rules.begin(), kept_rules.end(), c.setting->rule) == kept_rules.end()) {
          kept_rules.push_back(c.setting->rule);
          plan.items.push_back(setting_item(lib, *c.setting, appliers));
        }
        continue;
      }
      beats(*winner, c, why);
      plan.conflicts.push_back({knob, winner->setting->rule, c.setting->rule, winner->setting->json,
                                c.setting->json, why});
    }
  }
  check_coupling(plan.items, appliers);

  for (const lang::Advisory& a : eval.advisories) {
    PlanItem item = rule_item(lib, a.rule);
    item.state = ItemState::Advisory;
    item.message = a.text;
    item.reasons = a.reasons;
    plan.items.push_back(std::move(item));
  }
  for (const lang::CheckResult& c : eval.checks) {
    PlanItem item = rule_item(lib, c.rule);
    item.reasons = c.reasons;
    item.subject = c.subject;
    if (c.passed) {
      item.state = ItemState::Compliant;
      item.message = "check passed";
    } else {
      item.state = ItemState::Advisory;
      item.message = c.decided ? c.message : "undecided, a fact it needs is unknown: " + c.message;
    }
    plan.items.push_back(std::move(item));
  }
  for (const lang::EvalError& e : eval.errors) {
    PlanItem item = rule_item(lib, e.rule);
    item.state = ItemState::Error;
    item.message = e.message;
    item.reasons = e.reasons;
    plan.items.push_back(std::move(item));
  }
  for (const std::string& id : eval.not_applicable) {
    PlanItem item = rule_item(lib, id);
    item.state = ItemState::NotApplicable;
    item.message = "its conditions do not hold on this host";
    plan.items.push_back(std::move(item));
  }
  merge_file_errors(plan.items);               // a broken daemon.json is one error, not ten
  mark_unknown_items(plan.items, lib, facts);  // rules over a listing that could not be read
  for (PlanItem& item : plan.items) apply_waiver(item, profile, req.today);

  std::stable_sort(plan.items.begin(), plan.items.end(), [](const PlanItem& a, const PlanItem& b) {
    return std::tie(a.area, a.rule, a.knob) < std::tie(b.area, b.rule, b.knob);
  });
  std::sort(plan.conflicts.begin(), plan.conflicts.end(),
            [](const ResolvedConflict& a, const ResolvedConflict& b) {
              return std::tie(a.knob, a.loser_rule) < std::tie(b.knob, b.loser_rule);
            });
  return plan;
}

Plan build_plan(const PlanRequest& req, const Host& host, const ProbeOptions& options,
                const std::string& root, Warnings& warnings) {
  Facts facts = collect_facts(host, options, warnings);
  preload_sysctls(req.lib, host.fs, facts);
  ApplierSet appliers(ApplierContext{host.fs, host.ethtool, facts});
  Plan plan = plan_from_facts(req, facts, appliers);
  plan.root = root;
  plan.hostname = host_name(host.fs);
  return plan;
}

std::string host_name(const HostFs& fs) {
  if (Result<std::string> name = read_sysctl(fs, "kernel.hostname")) return *name;
  if (Result<std::string> etc = fs.read_file("/etc/hostname")) return std::string(trim(*etc));
  return {};
}

}  // namespace vtune
