// The resolve pass: binds every name to a let, a fact root or a loop/quantifier variable,
// every param.NAME to its declaration, numbers expressions and variable slots, and finds
// duplicate declarations, let cycles and unused lets.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "engine/lang/passes.h"

namespace vtune::lang {
namespace {

// The roots the contract names. Fact roots come from the probes' schemas; a root listed
// here that no probe declares yet is still accepted (unchecked, with a warning) so rules
// can be written while probes land.
constexpr std::string_view kContractRoots[] = {"cpu",    "virt",   "iommu", "numa",
                                               "memory", "nics",   "disks", "sysctl",
                                               "kernel", "docker", "vmx",   "irqbalance"};

class Resolver {
 public:
  explicit Resolver(PassContext& ctx) : ctx_(ctx) {
    for (const std::string& r : ctx.schema.root_names()) roots_.insert(r);
    for (std::string_view r : kContractRoots) roots_.insert(std::string(r));
  }

  void run() {
    collect_declarations();
    for (LetDecl* let : lets_in_order_) resolve_let(*let);
    find_let_cycles();
    for (RuleDecl* rule : rules_in_order_) resolve_rule(*rule);
    for (LetDecl* let : lets_in_order_)
      if (!let->used && lets_[let->name] == let)  // a duplicate was already reported
        ctx_.diags.warning("VT0112", span(let->file, let->pos),
                           "let '" + let->name + "' is never used");
    ctx_.lib.expr_count = next_id_;
  }

 private:
  SourceSpan span(size_t file, Pos pos) const { return to_span(ctx_.lib.file_name(file), pos); }

  void collect_declarations() {
    RuleLibrary& lib = ctx_.lib;
    std::map<std::string, const RuleDecl*> rule_ids;
    std::map<std::string, SourceSpan> names;
    auto declare = [&](const std::string& name, size_t file, Pos pos, const char* what) {
      if (roots_.count(name)) {
        ctx_.diags.error("VT0110", span(file, pos),
                         std::string(what) + " '" + name + "' hides the fact root of that name");
        return false;
      }
      auto [it, fresh] = names.emplace(name, span(file, pos));
      if (!fresh) {
        ctx_.diags.error(
            "VT0110", span(file, pos), std::string(what) + " '" + name + "' is already declared",
            "first declared at " + it->second.file + ":" + std::to_string(it->second.line));
      }
      return fresh;
    };
    for (auto& file : lib.files) {
      for (auto& let : file->lets) {
        lets_in_order_.push_back(let.get());
        if (declare(let->name, let->file, let->pos, "let")) lets_[let->name] = let.get();
      }
      for (auto& p : file->params) {
        if (declare(p->name, p->file, p->pos, "param")) {
          params_[p->name] = lib.params.size();
          lib.params.push_back(p.get());
        }
      }
      for (auto& r : file->rules) {
        rules_in_order_.push_back(r.get());
        auto [it, fresh] = rule_ids.emplace(r->id, r.get());
        if (!fresh) {
          ctx_.diags.error("VT0109", span(r->file, r->id_pos), "duplicate rule id '" + r->id + "'",
                           "first declared at " + lib.file_name(it->second->file) + ":" +
                               std::to_string(it->second->id_pos.line));
          continue;
        }
        lib.rules.push_back(r.get());
      }
    }
    std::sort(lib.rules.begin(), lib.rules.end(),
              [](const RuleDecl* a, const RuleDecl* b) { return a->id < b->id; });
    for (uint32_t i = 0; i < lets_in_order_.size(); ++i) {
      lets_in_order_[i]->index = i;
      lib.lets.push_back(lets_in_order_[i]);
    }
  }

  void resolve_let(LetDecl& let) {
    current_file_ = let.file;
    current_let_ = &let;
    slots_ = 0;
    max_slots_ = 0;
    scope_.clear();
    expr(*let.value);
    let.slots = max_slots_;
    current_let_ = nullptr;
  }

  void find_let_cycles() {
    std::map<const LetDecl*, int> state;  // 1 visiting, 2 done
    std::vector<const LetDecl*> path;
    std::function<void(const LetDecl*)> visit = [&](const LetDecl* l) {
      state[l] = 1;
      path.push_back(l);
      for (const LetDecl* d : deps_[l]) {
        if (state[d] == 1) {
          std::string cycle;
          auto from = std::find(path.begin(), path.end(), d);
          for (auto it = from; it != path.end(); ++it) cycle += (*it)->name + " -> ";
          cycle += d->name;
          ctx_.diags.error("VT0111", span(d->file, d->pos), "let cycle: " + cycle);
        } else if (state[d] == 0) {
          visit(d);
        }
      }
      path.pop_back();
      state[l] = 2;
    };
    for (const LetDecl* l : lets_in_order_)
      if (state[l] == 0) visit(l);
  }

  void resolve_rule(RuleDecl& rule) {
    current_file_ = rule.file;
    slots_ = 0;
    max_slots_ = 0;
    scope_.clear();
    if (rule.body.empty())
      ctx_.diags.error("VT0125", span(rule.file, rule.id_pos),
                       "rule '" + rule.id + "' has no set, advise or check statement");
    if (rule.when) expr(*rule.when);
    for (ForClause& f : rule.loops) {
      expr(*f.list);
      f.slot = bind(f.var, f.pos);
      if (f.where) expr(*f.where);
    }
    for (Statement& s : rule.body) {
      Target& t = s.target;
      for (Expr* e : {t.path.get(), t.subject.get(), t.queue.get(), s.value.get(), s.message.get()})
        if (e) expr(*e);
    }
    rule.slots = max_slots_;
  }

  int bind(const std::string& name, Pos pos) {
    bool taken =
        roots_.count(name) || lets_.count(name) ||
        std::any_of(scope_.begin(), scope_.end(), [&](const auto& v) { return v.first == name; });
    if (taken)
      ctx_.diags.error("VT0124", span(current_file_, pos),
                       "variable '" + name + "' hides a fact root, a let or another variable");
    int slot = slots_++;
    max_slots_ = std::max(max_slots_, slots_);
    scope_.emplace_back(name, slot);
    return slot;
  }

  void unbind() {
    scope_.pop_back();
    --slots_;
  }

  void name(Expr& e) {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
      if (it->first == e.name) {
        e.name_kind = NameKind::Variable;
        e.slot = it->second;
        return;
      }
    }
    if (auto it = lets_.find(e.name); it != lets_.end()) {
      e.name_kind = NameKind::Let;
      e.let = it->second;
      it->second->used = true;
      if (current_let_) deps_[current_let_].push_back(it->second);
      return;
    }
    if (roots_.count(e.name)) {
      e.name_kind = NameKind::FactRoot;
      return;
    }
    std::vector<std::string> candidates(roots_.begin(), roots_.end());
    for (const auto& [n, l] : lets_) candidates.push_back(n);
    for (const auto& v : scope_) candidates.push_back(v.first);
    std::string near = closest_name(e.name, candidates);
    ctx_.diags.error("VT0104", span(current_file_, e.pos),
                     "unknown name '" + e.name + "': not a fact root, a let or a variable",
                     near.empty() ? "" : "did you mean '" + near + "'?");
  }

  void expr(Expr& e) {
    e.id = next_id_++;
    switch (e.kind) {
      case ExprKind::Name:
        name(e);
        return;
      case ExprKind::Param: {
        auto it = params_.find(e.name);
        if (it == params_.end()) {
          std::vector<std::string> candidates;
          for (const auto& [n, i] : params_) candidates.push_back(n);
          std::string near = closest_name(e.name, candidates);
          ctx_.diags.error("VT0105", span(current_file_, e.pos), "unknown param '" + e.name + "'",
                           near.empty() ? "declare it with: param " + e.name + " = <default>"
                                        : "did you mean 'param." + near + "'?");
        } else {
          e.slot = static_cast<int>(it->second);
        }
        return;
      }
      case ExprKind::Quantifier:
        expr(*e.args[0]);
        e.slot = bind(e.var, e.pos);
        expr(*e.args[1]);
        unbind();
        return;
      case ExprKind::String:
        for (StringPart& p : e.parts)
          if (p.hole) expr(*p.hole);
        return;
      default:
        for (ExprPtr& a : e.args) expr(*a);
    }
  }

  PassContext& ctx_;
  std::set<std::string> roots_;
  std::map<std::string, LetDecl*> lets_;
  std::map<std::string, size_t> params_;
  std::vector<LetDecl*> lets_in_order_;
  std::vector<RuleDecl*> rules_in_order_;
  std::map<const LetDecl*, std::vector<const LetDecl*>> deps_;
  std::vector<std::pair<std::string, int>> scope_;
  LetDecl* current_let_ = nullptr;
  size_t current_file_ = 0;
  int slots_ = 0, max_slots_ = 0;
  uint32_t next_id_ = 0;
};

}  // namespace

void resolve_pass(PassContext& ctx) {
  Resolver(ctx).run();
}

}  // namespace vtune::lang
