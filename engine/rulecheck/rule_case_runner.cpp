// The runner of rule_case_runner.h. Matching is a bipartite matching of expectations to
// items (an expectation may match several items, so a greedy pass could fail a case that has
// a valid assignment); an unmatched expectation is explained against the item closest to it.
#include "engine/rulecheck/rule_case_runner.h"

#include <algorithm>
#include <functional>

#include "appliers/registry.h"
#include "appliers/value_text.h"
#include "engine/core/ethtool_port.h"
#include "engine/core/memory_host_fs.h"
#include "engine/core/text.h"
#include "engine/facts/schema_check.h"
#include "engine/plan/planner.h"
#include "engine/profile/validate.h"
#include "probes/probes.h"

namespace vtune {
namespace {

constexpr const char* kCodeUnknownRule = "VT0403";
constexpr const char* kCodeBadInput = "VT0404";
constexpr const char* kCodeFailed = "VT0405";

// Whitespace runs as one space, ends trimmed: "4096\t65536" and "4096 65536" are one text.
std::string normalize_space(std::string_view s) {
  std::string out;
  for (std::string_view w : split_ws(s)) out += (out.empty() ? "" : " ") + std::string(w);
  return out;
}

// The text form an expectation compares with: the kernel's text, whitespace runs as one space.
std::string item_text(const Json& v) {
  if (v.is_null()) return "null";
  std::string t = v.is_string() ? v.get<std::string>() : facts_to_text(v).value_or(v.dump());
  return normalize_space(t);
}

std::string in_quotes(const std::string& s) {
  return "'" + s + "'";
}

// Each field the expectation sets that the item does not match, as "field: expected X, got Y".
std::vector<std::string> mismatches(const CaseExpectation& e, const PlanItem& item) {
  std::vector<std::string> out;
  auto field = [&](const char* name, const std::optional<std::string>& want, std::string got) {
    if (want && *want != got)
      out.push_back(std::string(name) + ": expected " + in_quotes(*want) + ", got " +
                    in_quotes(got));
  };
  field("state", e.state, std::string(item_state_name(item.state)));
  field("knob", e.knob, item.knob);
  field("device", e.device, item.device);
  if (e.current) field("current", normalize_space(*e.current), item_text(item.current));
  if (e.desired) field("desired", normalize_space(*e.desired), item_text(item.desired));
  if (e.message_contains && item.message.find(*e.message_contains) == std::string::npos)
    out.push_back("message: expected it to contain " + in_quotes(*e.message_contains) + ", got " +
                  in_quotes(item.message));
  return out;
}

std::string describe(const PlanItem& i) {
  std::string s = std::string(item_state_name(i.state));
  if (!i.knob.empty()) s += " " + i.knob;
  if (!i.knob.empty() && i.state != ItemState::Error)
    s += " (current " + in_quotes(item_text(i.current)) + ", desired " +
         in_quotes(item_text(i.desired)) + ")";
  if (!i.message.empty()) s += ": " + i.message;
  return s;
}

std::string describe(const CaseExpectation& e) {
  std::string s;
  auto add = [&](const char* name, const std::optional<std::string>& v) {
    if (v) s += (s.empty() ? "" : ", ") + std::string(name) + "=" + in_quotes(*v);
  };
  add("state", e.state);
  add("knob", e.knob);
  add("device", e.device);
  add("current", e.current);
  add("desired", e.desired);
  add("message_contains", e.message_contains);
  return s.empty() ? "{}" : "{" + s + "}";
}

// Kuhn's augmenting paths: match[item] = expectation index, or -1.
std::vector<int> match_items(const std::vector<std::vector<bool>>& fits, size_t items) {
  std::vector<int> match(items, -1);
  for (size_t e = 0; e < fits.size(); ++e) {
    std::vector<bool> seen(items, false);
    std::function<bool(size_t)> augment = [&](size_t ex) {
      for (size_t i = 0; i < items; ++i) {
        if (!fits[ex][i] || seen[i]) continue;
        seen[i] = true;
        if (match[i] < 0 || augment(static_cast<size_t>(match[i]))) {
          match[i] = static_cast<int>(ex);
          return true;
        }
      }
      return false;
    };
    augment(e);
  }
  return match;
}

// The host of one case: sysctls under /proc/sys, then the case's files (which may override).
void fill_host(const RuleCase& c, MemoryHostFs& fs) {
  if (auto s = c.facts.find("sysctl"); s != c.facts.end() && s->is_object())
    for (const auto& [key, value] : s->items()) {
      if (value.is_null()) continue;
      std::string path = "/proc/sys/" + key;
      std::replace(path.begin() + 10, path.end(), '.', '/');
      fs.add_file(path, (value.is_string() ? value.get<std::string>() : value.dump()) + "\n");
    }
  for (const auto& [path, content] : c.files) fs.add_file(path, content);
}

Profile case_profile(const RuleCaseFile& file, const RuleCase& c) {
  Profile p;
  p.name = "rule-case";
  p.file = file.path;
  p.chain = {{p.name, file.path}};
  p.enable = {{file.rule, c.where}};
  for (const auto& [name, value] : c.params.items()) p.params[name] = {value, c.where};
  return p;
}

// Runs one case; returns its failures (empty: passed).
std::vector<std::string> run_case(const lang::RuleLibrary& lib, const RuleCaseFile& file,
                                  const RuleCase& c, Diagnostics& diags) {
  std::string label = "rule '" + file.rule + "', case '" + c.name + "'";
  SchemaReport schema = check_facts_schema(c.facts, all_probes());
  for (const std::string& problem : schema.problems)
    diags.error(kCodeBadInput, c.where, label + ": facts: " + problem,
                "the fragment uses the tree `vtune facts --format json` prints (docs/facts.md)");
  Profile profile = case_profile(file, c);
  Diagnostics profile_diags;
  validate_profile(profile, lang::param_specs(lib), lang::rule_summaries(lib), profile_diags);
  for (const Diagnostic& d : profile_diags.items())
    if (d.severity == Severity::Error)
      diags.error(kCodeBadInput, c.where, label + ": params: " + d.message, d.hint);
  if (!schema.problems.empty() || profile_diags.has_errors()) return {"invalid case input"};

  MemoryHostFs fs;
  fill_host(c, fs);
  std::unique_ptr<EthtoolPort> ethtool = make_snapshot_ethtool(fs);
  Facts facts = c.facts;
  if (!facts.contains("sysctl")) facts["sysctl"] = Json::object();
  preload_sysctls(lib, fs, facts);
  ApplierSet appliers(ApplierContext{fs, *ethtool, facts});
  Plan plan = plan_from_facts({lib, profile, today_local()}, facts, appliers);
  std::vector<const PlanItem*> items;
  for (const PlanItem& i : plan.items)
    if (i.rule == file.rule) items.push_back(&i);

  std::vector<std::vector<bool>> fits(c.expect.size(), std::vector<bool>(items.size()));
  for (size_t e = 0; e < c.expect.size(); ++e)
    for (size_t i = 0; i < items.size(); ++i)
      fits[e][i] = mismatches(c.expect[e], *items[i]).empty();
  std::vector<int> match = match_items(fits, items.size());

  std::vector<std::string> failures;
  for (size_t e = 0; e < c.expect.size(); ++e) {
    if (std::find(match.begin(), match.end(), static_cast<int>(e)) != match.end()) continue;
    std::string msg =
        "expect[" + std::to_string(e) + "] " + describe(c.expect[e]) + " matched no item";
    // Explain against the item that differs in the fewest fields.
    const PlanItem* closest = nullptr;
    std::vector<std::string> diff;
    for (const PlanItem* i : items) {
      std::vector<std::string> d = mismatches(c.expect[e], *i);
      if (!closest || d.size() < diff.size()) closest = i, diff = d;
    }
    if (!closest) {
      msg += ": the rule produced no item";
    } else {
      msg += "; nearest item is " + describe(*closest) + ":";
      for (const std::string& d : diff) msg += "\n    " + d;
    }
    failures.push_back(msg);
  }
  if (c.exact)
    for (size_t i = 0; i < items.size(); ++i)
      if (match[i] < 0)
        failures.push_back("unexpected item " + describe(*items[i]) +
                           " (list it in \"expect\", or set \"exact\": false)");
  for (const std::string& f : failures) diags.error(kCodeFailed, c.where, label + ": " + f);
  return failures;
}

}  // namespace

RuleCaseRun run_rule_cases(const lang::RuleLibrary& lib, const RuleCaseFile& file,
                           Diagnostics& diags) {
  RuleCaseRun run;
  if (!lib.find_rule(file.rule)) {
    diags.error(kCodeUnknownRule, file.rule_where,
                "rule '" + file.rule + "' is not in the rule library",
                "rename the case file with the rule, or delete it with the rule");
    run.failed = static_cast<int>(file.cases.size());
    return run;
  }
  for (const RuleCase& c : file.cases) {
    if (run_case(lib, file, c, diags).empty())
      ++run.passed;
    else
      ++run.failed;
  }
  return run;
}

}  // namespace vtune
