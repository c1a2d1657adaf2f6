// Lint's conflict finder: two rules that set the same knob to different values, can apply
// together, and are not ordered by priority. Bounds of one kind on a knob (floors with
// floors, ceilings with ceilings) never conflict: they combine. "Can apply together" is a syntactic
// check: their conditions are exclusive only when one requires P == "a" and the other P == "b" (or
// P != "a"), or one requires C and the other not C, on the same printed path.
#include <map>
#include <regex>
#include <set>

#include "engine/lang/passes.h"
#include "engine/lang/printer.h"

namespace vtune::lang {
namespace {

struct SetSite {
  const RuleDecl* rule;
  const Statement* stmt;
  std::string value;
  std::vector<std::string> conjuncts;  // printed, with loop variables replaced
};

// Replaces each loop variable with the list it iterates, so `ethtool(n)` in two rules that
// both loop over nics has the same shape.
std::string substitute(std::string text, const RuleDecl& r) {
  for (const ForClause& f : r.loops) {
    std::regex word("\\b" + f.var + "\\b");
    text = std::regex_replace(text, word, "<each " + print_expr(*f.list) + ">");
  }
  return text;
}

void conjuncts(const Expr& e, const RuleDecl& r, std::vector<std::string>& out) {
  if (e.kind == ExprKind::Binary && e.op == Op::And) {
    conjuncts(*e.args[0], r, out);
    conjuncts(*e.args[1], r, out);
    return;
  }
  out.push_back(substitute(print_expr(e), r));
}

// "(P == "a")" -> {P, "a", true}
struct Equality {
  std::string path, literal;
  bool equal;
};
std::optional<Equality> equality(const std::string& c) {
  static const std::regex re(
      R"re(^\((.+) (==|!=) ("(?:[^"\\]|\\.)*"|-?[0-9][^ ()]*|true|false)\)$)re");
  std::smatch m;
  if (!std::regex_match(c, m, re)) return std::nullopt;
  return Equality{m[1], m[3], m[2] == "=="};
}

bool exclusive(const SetSite& a, const SetSite& b) {
  for (const std::string& x : a.conjuncts) {
    for (const std::string& y : b.conjuncts) {
      if (x == "(not " + y + ")" || y == "(not " + x + ")") return true;
      auto ex = equality(x), ey = equality(y);
      if (!ex || !ey || ex->path != ey->path) continue;
      if (ex->equal && ey->equal && ex->literal != ey->literal) return true;
      if (ex->equal != ey->equal && ex->literal == ey->literal) return true;
    }
  }
  return false;
}

}  // namespace

void conflicts_pass(PassContext& ctx) {
  std::map<std::string, std::vector<SetSite>> by_knob;
  for (const RuleDecl* r : ctx.lib.rules) {
    std::vector<std::string> cond;
    if (r->when) conjuncts(*r->when, *r, cond);
    for (const ForClause& f : r->loops)
      if (f.where) conjuncts(*f.where, *r, cond);
    for (const Statement& s : r->body) {
      if (s.kind != StmtKind::Set) continue;
      std::string shape = substitute(print_target(s.target), *r);
      by_knob[shape].push_back({r, &s, substitute(print_expr(*s.value), *r), cond});
    }
  }
  std::set<std::pair<const RuleDecl*, const RuleDecl*>> reported;
  for (const auto& [shape, sites] : by_knob) {
    for (size_t i = 0; i < sites.size(); ++i) {
      for (size_t j = i + 1; j < sites.size(); ++j) {
        const SetSite& a = sites[i];
        const SetSite& b = sites[j];
        if (a.rule == b.rule || (a.value == b.value && a.stmt->op == b.stmt->op)) continue;
        // Two floors (or two ceilings, or two ranges) combine: the planner plans the stricter.
        if (a.stmt->op == b.stmt->op && a.stmt->op != SetOp::Assign) continue;
        if (a.rule->attrs.priority != b.rule->attrs.priority) continue;
        if (exclusive(a, b)) continue;
        if (!reported.insert({a.rule, b.rule}).second) continue;
        ctx.diags.error("VT0120", to_span(ctx.lib.file_name(b.rule->file), b.stmt->pos),
                        "rules '" + a.rule->id + "' and '" + b.rule->id + "' both set " + shape +
                            " to different values (" + a.value + " vs " + b.value +
                            ") and can apply together",
                        "give one of them a higher priority, or make their conditions exclusive");
      }
    }
  }
}

}  // namespace vtune::lang
