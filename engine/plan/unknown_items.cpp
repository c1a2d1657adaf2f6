#include "engine/plan/unknown_items.h"

#include <algorithm>
#include <map>

#include "engine/facts/unreadable.h"

namespace vtune {
namespace {

void roots_of(const lang::Expr* e, std::set<std::string>& out, int depth = 0) {
  if (e == nullptr || depth > 256) return;  // lets are acyclic after resolve; bound anyway
  if (e->kind == lang::ExprKind::Name) {
    if (e->name_kind == lang::NameKind::FactRoot) out.insert(e->name);
    if (e->name_kind == lang::NameKind::Let && e->let)
      roots_of(e->let->value.get(), out, depth + 1);
  }
  for (const lang::ExprPtr& a : e->args) roots_of(a.get(), out, depth);
  for (const lang::StringPart& p : e->parts) roots_of(p.hole.get(), out, depth);
}

}  // namespace

std::set<std::string> fact_roots_read(const lang::RuleDecl& rule) {
  std::set<std::string> out;
  roots_of(rule.when.get(), out);
  for (const lang::ForClause& f : rule.loops) {
    roots_of(f.list.get(), out);
    roots_of(f.where.get(), out);
  }
  for (const lang::Statement& s : rule.body) {
    roots_of(s.target.path.get(), out);
    roots_of(s.target.subject.get(), out);
    roots_of(s.target.queue.get(), out);
    roots_of(s.value.get(), out);
    roots_of(s.message.get(), out);
  }
  return out;
}

void mark_unknown_items(std::vector<PlanItem>& items, const lang::RuleLibrary& lib,
                        const Facts& facts) {
  if (!facts.contains(kUnreadableKey)) return;
  std::map<std::string, std::string> why;  // rule id -> the message of its unknown item
  for (const PlanItem& item : items) {
    if (why.count(item.rule)) continue;
    const lang::RuleDecl* rule = lib.find_rule(item.rule);
    if (rule == nullptr) continue;
    for (const std::string& root : fact_roots_read(*rule)) {
      if (std::optional<std::string> reason = unreadable_reason(facts, root)) {
        why[item.rule] = "not checkable here: the rule reads '" + root +
                         "', which could not be listed (" + *reason + ")";
        break;
      }
    }
  }
  if (why.empty()) return;
  std::vector<PlanItem> kept;
  std::set<std::string> done;
  for (PlanItem& item : items) {
    auto it = why.find(item.rule);
    if (it == why.end()) {
      kept.push_back(std::move(item));
      continue;
    }
    if (!done.insert(item.rule).second) continue;
    PlanItem unknown;
    unknown.state = ItemState::Unknown;
    unknown.rule = item.rule;
    unknown.title = item.title;
    unknown.area = item.area;
    unknown.severity = item.severity;
    unknown.reboot = item.reboot;
    unknown.disruption = item.disruption;
    unknown.message = it->second;
    kept.push_back(std::move(unknown));
  }
  items = std::move(kept);
}

}  // namespace vtune
