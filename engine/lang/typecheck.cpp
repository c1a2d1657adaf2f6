// The typecheck pass: gives every expression a static type from the facts schema (probes'
// FactField lists), literals, params' defaults and the built-in functions, and reports
// unknown facts, mismatched types, bad calls and malformed setting targets.
#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "engine/lang/functions.h"
#include "engine/lang/passes.h"
#include "engine/lang/printer.h"

namespace vtune::lang {
namespace {

Type t_of(TypeKind k) {
  return Type::of(k);
}
bool is_bool_like(const Type& t) {
  return t.is(TypeKind::Bool) || t.is_any() || t.is(TypeKind::Null);
}

class Checker {
 public:
  explicit Checker(PassContext& ctx) : ctx_(ctx) {}

  void run() {
    RuleLibrary& lib = ctx_.lib;
    for (const ParamDecl* p : lib.params) check_param(*p);
    for (const LetDecl* l : lib.lets) let_type(*l);
    for (auto& file : lib.files)
      for (auto& r : file->rules) check_rule(*r);
    std::sort(sysctls_.begin(), sysctls_.end());
    sysctls_.erase(std::unique(sysctls_.begin(), sysctls_.end()), sysctls_.end());
    lib.sysctl_keys = std::move(sysctls_);
  }

 private:
  void error(Pos pos, const std::string& code, const std::string& msg,
             const std::string& hint = {}) {
    ctx_.diags.error(code, to_span(ctx_.lib.file_name(file_), pos), msg, hint);
  }
  void warning(Pos pos, const std::string& code, const std::string& msg,
               const std::string& hint = {}) {
    ctx_.diags.warning(code, to_span(ctx_.lib.file_name(file_), pos), msg, hint);
  }

  void check_param(const ParamDecl& p) {
    file_ = p.file;
    if (param_type_of(*p.value).empty()) {
      error(p.value->pos, "VT0119",
            "the default of param '" + p.name +
                "' must be a literal (bool, number, quantity, string, or a list of one kind)");
      param_types_[&p] = t_of(TypeKind::Any);
      return;
    }
    param_types_[&p] = expr(*p.value, {});
  }

  Type let_type(const LetDecl& l) {
    if (auto it = let_types_.find(&l); it != let_types_.end()) return it->second;
    // Cycles were reported by resolve; break them here with Any.
    let_types_[&l] = t_of(TypeKind::Any);
    size_t saved_file = file_;
    auto saved_vars = std::move(vars_);
    vars_.clear();
    file_ = l.file;
    Type t = expr(*l.value, {});
    file_ = saved_file;
    vars_ = std::move(saved_vars);
    let_types_[&l] = t;
    return t;
  }

  void require_bool(const Expr& e, const Type& t, const char* where) {
    if (!is_bool_like(t))
      error(e.pos, "VT0106", std::string(where) + " must be a bool, not " + t.name());
  }

  void check_rule(RuleDecl& r) {
    file_ = r.file;
    vars_.assign(static_cast<size_t>(r.slots), t_of(TypeKind::Any));
    if (r.when) require_bool(*r.when, expr(*r.when, {}), "'when'");
    for (ForClause& f : r.loops) {
      Type lt = expr(*f.list, {});
      Type elem = t_of(TypeKind::Any);
      if (f.single) {
        elem = lt;  // a rule-local let: the variable is the value itself
      } else if (lt.is(TypeKind::List)) {
        if (lt.elem) elem = *lt.elem;
      } else if (!lt.is_any() && !lt.is(TypeKind::Null)) {
        error(f.list->pos, "VT0117", "'for' needs a list, not " + lt.name());
      }
      if (f.slot >= 0) vars_[f.slot] = elem;
      if (f.where) require_bool(*f.where, expr(*f.where, {}), "'where'");
    }
    for (Statement& s : r.body) {
      switch (s.kind) {
        case StmtKind::Set:
          check_set(s);
          break;
        case StmtKind::Advise:
          expr(*s.message, {});
          break;
        case StmtKind::Check:
          require_bool(*s.value, expr(*s.value, {}), "'check'");
          expr(*s.message, {});
          break;
      }
    }
  }

  void check_subject(Expr& e, const char* what) {
    Type t = expr(e, {});
    if (!(t.is_any() || t.is(TypeKind::Map) || t.is(TypeKind::String)))
      error(e.pos, "VT0106",
            std::string(what) + " must be a map from the facts or a name, not " + t.name());
  }

  void check_set(Statement& s) {
    Target& t = s.target;
    switch (t.kind) {
      case TargetKind::Sysctl: {
        expr(*t.path, {});
        // Interpolated parts are checked at evaluation time; the literal text here.
        std::string text = t.path->literal_text();
        bool ok = !text.empty() || !t.path->is_literal_text();
        for (char c : text)
          if (!(std::islower(static_cast<unsigned char>(c)) ||
                std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'))
            ok = false;
        if (!ok || text.find("..") != std::string::npos || text.starts_with(".") ||
            (t.path->is_literal_text() && text.ends_with(".")))
          error(t.path->pos, "VT0113", "invalid sysctl key " + print_expr(*t.path),
                "keys are dotted lowercase names such as \"net.core.rmem_max\"");
        break;
      }
      case TargetKind::Sysfs: {
        expr(*t.path, {});
        std::string first =
            t.path->parts.empty() || t.path->parts[0].hole ? std::string() : t.path->parts[0].text;
        std::string all = t.path->literal_text();
        if (!first.starts_with("/sys/") || all.find("..") != std::string::npos)
          error(t.path->pos, "VT0114",
                "sysfs path " + print_expr(*t.path) +
                    " must be under /sys/ and must not contain \"..\"");
        break;
      }
      case TargetKind::Ethtool:
      case TargetKind::EthtoolFeature:
        check_subject(*t.subject, "the ethtool NIC");
        break;
      case TargetKind::IrqAffinity:
      case TargetKind::Rps:
      case TargetKind::RpsFlow:
      case TargetKind::Xps: {
        check_subject(*t.subject, "the NIC");
        Type q = expr(*t.queue, {});
        if (!(q.is_any() || q.is(TypeKind::Int)))
          error(t.queue->pos, "VT0106", "the queue index must be an int, not " + q.name());
        break;
      }
      case TargetKind::Vmx: {
        check_subject(*t.subject, "the .vmx file");
        expr(*t.path, {});
        // Interpolated parts are checked at evaluation time; the literal text here.
        std::string text = t.path->literal_text();
        bool ok = !text.empty() || !t.path->is_literal_text();
        for (char c : text)
          if (!is_vmx_key_char(c)) ok = false;
        if (!ok)
          error(t.path->pos, "VT0126", "invalid .vmx key " + print_expr(*t.path),
                "keys are names such as \"ethernet0.virtualDev\" or \"scsi0:1.virtualSSD\"");
        break;
      }
      case TargetKind::DaemonJson:
      case TargetKind::Modprobe:
        break;
    }
    Type v = expr(*s.value, {});
    if (t.kind != TargetKind::DaemonJson && v.is(TypeKind::Map))
      error(s.value->pos, "VT0106",
            "a " + std::string(target_kind_name(t.kind)) + " setting cannot take a map value");
    if (s.op != SetOp::Assign) check_bound(s, v);
  }

  // A floor, ceiling or range compares numbers element by element (VT0127).
  void check_bound(const Statement& s, const Type& v) {
    const Target& t = s.target;
    std::string op(set_op_text(s.op));
    switch (t.kind) {
      case TargetKind::EthtoolFeature:
      case TargetKind::IrqAffinity:
      case TargetKind::Rps:
      case TargetKind::Xps:
      case TargetKind::Vmx:
        error(t.pos, "VT0127",
              "'" + op + "' needs a knob with a numeric value; " +
                  std::string(target_kind_name(t.kind)) + " settings take an exact value",
              "use '=' for this setting");
        return;
      default:
        break;
    }
    auto numeric = [](const Type& x) {
      return x.is_any() || x.is(TypeKind::Int) || x.is(TypeKind::Quantity);
    };
    bool list = v.is(TypeKind::List);
    bool ok = list ? !v.elem || numeric(*v.elem) : numeric(v);
    if (s.op == SetOp::Covers && !v.is_any() && !list) ok = false;
    if (ok && s.op == SetOp::Covers && s.value->kind == ExprKind::List && s.value->args.size() != 2)
      ok = false;
    if (!ok)
      error(s.value->pos, "VT0127",
            "'" + op + "' needs " +
                (s.op == SetOp::Covers ? std::string("a list [low, high] of ints or quantities")
                                       : std::string("an int, a quantity or a list of them")) +
                ", not " + v.name());
  }

  // Warns when a string literal is compared with an enum fact it can never equal.
  void check_enum(const Type& fact, const Expr& lit) {
    if (!fact.schema || fact.schema->enum_values.empty()) return;
    auto check_one = [&](const Expr& e) {
      if (!e.is_literal_text()) return;
      std::string v = e.literal_text();
      const auto& values = fact.schema->enum_values;
      if (std::find(values.begin(), values.end(), v) != values.end()) return;
      std::string near = closest_name(v, values);
      warning(e.pos, "VT0122", "\"" + v + "\" is not a value of " + fact.schema->path,
              near.empty() ? "" : "did you mean \"" + near + "\"?");
    };
    if (lit.kind == ExprKind::List)
      for (const ExprPtr& x : lit.args) check_one(*x);
    else
      check_one(lit);
  }

  Type member(Expr& e) {
    Type obj = expr(*e.args[0], {true});
    if (obj.is_any() || obj.is(TypeKind::Null)) return t_of(TypeKind::Any);
    if (!obj.is(TypeKind::Map)) {
      error(e.pos, "VT0106",
            print_expr(*e.args[0]) + " is " + obj.name() + "; it has no key '" + e.name + "'");
      return t_of(TypeKind::Any);
    }
    if (obj.elem) return *obj.elem;  // free keys: map<string,T>
    const SchemaNode* node = obj.schema;
    if (node == nullptr || node->children.empty()) return t_of(TypeKind::Any);
    if (const SchemaNode* child = node->child(e.name)) return child->type;
    std::vector<std::string> keys;
    for (const auto& [k, v] : node->children) keys.push_back(k);
    std::string near = closest_name(e.name, keys);
    std::string where = node->path.empty() ? print_expr(*e.args[0]) : node->path;
    error(e.pos, "VT0104",
          "unknown fact '" + print_expr(e) + "': " + where + " has no key '" + e.name + "'",
          near.empty() ? "" : "did you mean '" + near + "'?");
    return t_of(TypeKind::Any);
  }

  Type root(Expr& e) {
    const SchemaNode* node = ctx_.schema.root(e.name);
    if (node) return node->type;
    if (warned_roots_.insert(e.name).second)
      warning(e.pos, "VT0123", "no probe declares a schema for fact root '" + e.name + "' yet",
              "paths under it are not type-checked");
    return t_of(TypeKind::Any);
  }

  Type call(Expr& e) {
    const FunctionInfo* f = find_function(e.name);
    std::vector<Type> args;
    for (ExprPtr& a : e.args) args.push_back(expr(*a, {}));
    if (!f) {
      std::vector<std::string> names;
      for (const FunctionInfo& fi : all_functions()) names.emplace_back(fi.name);
      std::string near = closest_name(e.name, names);
      error(e.pos, "VT0107", "unknown function '" + e.name + "'",
            near.empty() ? "" : "did you mean '" + near + "'?");
      return t_of(TypeKind::Any);
    }
    e.slot = static_cast<int>(f->id);
    int n = static_cast<int>(e.args.size());
    if (n < f->min_args || (f->max_args >= 0 && n > f->max_args)) {
      error(e.pos, "VT0108",
            "wrong number of arguments to " + e.name + ": got " + std::to_string(n),
            "usage: " + std::string(f->signature));
      return t_of(TypeKind::Any);
    }
    auto int_list = Type::list_of(t_of(TypeKind::Int));
    switch (f->id) {
      case Func::Min:
      case Func::Max:
      case Func::Clamp: {
        if (n == 1)
          return args[0].is(TypeKind::List) && args[0].elem ? *args[0].elem : t_of(TypeKind::Any);
        Type result = t_of(TypeKind::Any);
        for (size_t i = 0; i < args.size(); ++i) {
          const Type& a = args[i];
          if (!(a.is_any() || a.is_numeric() || a.is(TypeKind::Quantity) || a.is(TypeKind::Null)))
            error(e.args[i]->pos, "VT0106",
                  e.name + "() takes numbers or quantities, not " + a.name());
          else if (!comparable(result, a))
            error(e.args[i]->pos, "VT0106",
                  e.name + "() mixes " + result.name() + " and " + a.name());
          else if (result.is_any() || (result.is_numeric() && a.is(TypeKind::Quantity)))
            result = a;
        }
        return result;
      }
      case Func::Len:
        return t_of(TypeKind::Int);
      case Func::Contains:
        return t_of(TypeKind::Bool);
      case Func::Matches: {
        const Expr& pat = *e.args[1];
        if (!pat.is_literal_text()) {
          error(pat.pos, "VT0118", "the pattern of matches() must be a string literal");
        } else {
          try {
            e.compiled =
                std::make_shared<const std::regex>(pat.literal_text(), std::regex::ECMAScript);
          } catch (const std::regex_error& ex) {
            error(pat.pos, "VT0118", "invalid regular expression: " + std::string(ex.what()));
          }
        }
        return t_of(TypeKind::Bool);
      }
      case Func::Cpumask:
      case Func::Cpulist:
      case Func::Str:
      case Func::XpsMask:
        return t_of(TypeKind::String);
      case Func::Ints:
        if (!(args[0].is_any() || args[0].is(TypeKind::String) || args[0].is(TypeKind::Null)))
          error(e.args[0]->pos, "VT0106", "ints() takes a string, not " + args[0].name());
        return int_list;
      case Func::CpusOf:
      case Func::LocalCpus:
      case Func::Range:
        return int_list;
      case Func::Int:
        return t_of(TypeKind::Int);
    }
    return t_of(TypeKind::Any);
  }

  Type binary(Expr& e) {
    Expr& l = *e.args[0];
    Expr& r = *e.args[1];
    Type a = expr(l, {});
    Type b = expr(r, {});
    auto mismatch = [&](const char* verb) {
      error(e.pos, "VT0106",
            std::string("cannot ") + verb + " " + a.name() + " and " + b.name() + " (" +
                print_expr(e) + ")");
      return t_of(TypeKind::Any);
    };
    switch (e.op) {
      case Op::And:
      case Op::Or:
        require_bool(l, a, "an operand of 'and'/'or'");
        require_bool(r, b, "an operand of 'and'/'or'");
        return t_of(TypeKind::Bool);
      case Op::Eq:
      case Op::Ne:
        if (!comparable(a, b)) return mismatch("compare");
        check_enum(a, r);
        check_enum(b, l);
        return t_of(TypeKind::Bool);
      case Op::Lt:
      case Op::Le:
      case Op::Gt:
      case Op::Ge: {
        auto ordered = [](const Type& t) {
          return t.is_any() || t.is_numeric() || t.is(TypeKind::Quantity) ||
                 t.is(TypeKind::String) || t.is(TypeKind::Null);
        };
        if (!ordered(a) || !ordered(b) || !comparable(a, b)) return mismatch("order");
        return t_of(TypeKind::Bool);
      }
      case Op::In:
        if (b.is(TypeKind::List)) {
          if (b.elem && !comparable(a, *b.elem)) return mismatch("look for");
          if (b.elem) check_enum(a, r);
        } else if (b.is(TypeKind::String) || b.is(TypeKind::Map)) {
          if (!(a.is_any() || a.is(TypeKind::String) || a.is(TypeKind::Null)))
            return mismatch("look for");
        } else if (!b.is_any() && !b.is(TypeKind::Null)) {
          return mismatch("look for");
        }
        return t_of(TypeKind::Bool);
      case Op::Coalesce:
        if (!comparable(a, b)) return mismatch("coalesce");
        return a.is_any() || a.is(TypeKind::Null) ? b : a;
      case Op::Add:
      case Op::Sub:
      case Op::Mul:
      case Op::Div:
        return arithmetic(e, a, b, mismatch);
      case Op::Mod:
        // Integers only: the remainder of a quantity has no use in a rule yet.
        if ((a.is_any() || a.is(TypeKind::Null) || a.is(TypeKind::Int)) &&
            (b.is_any() || b.is(TypeKind::Null) || b.is(TypeKind::Int)))
          return t_of(TypeKind::Int);
        return mismatch("take the remainder of");
      default:
        return t_of(TypeKind::Any);
    }
  }

  template <class Mismatch>
  Type arithmetic(const Expr& e, const Type& a, const Type& b, Mismatch mismatch) {
    if (a.is_any() || b.is_any() || a.is(TypeKind::Null) || b.is(TypeKind::Null))
      return a.is_any() || a.is(TypeKind::Null) ? (b.is(TypeKind::Null) ? t_of(TypeKind::Any) : b)
                                                : a;
    bool aq = a.is(TypeKind::Quantity), bq = b.is(TypeKind::Quantity);
    if (a.is_numeric() && b.is_numeric())
      return a.is(TypeKind::Float) || b.is(TypeKind::Float) ? t_of(TypeKind::Float)
                                                            : t_of(TypeKind::Int);
    switch (e.op) {
      case Op::Add:
      case Op::Sub:
        if (aq && bq && a.qkind == b.qkind) return a;
        if ((aq && b.is_numeric()) || (bq && a.is_numeric())) return aq ? a : b;
        if (e.op == Op::Add && a.is(TypeKind::String) && b.is(TypeKind::String)) return a;
        if (e.op == Op::Add && a.is(TypeKind::List) && b.is(TypeKind::List)) return a;
        return mismatch(e.op == Op::Add ? "add" : "subtract");
      case Op::Mul:
        if (aq && b.is_numeric()) return a;
        if (bq && a.is_numeric()) return b;
        // A percentage scales another quantity: memory.total * 10%.
        if (aq && bq && b.qkind == QuantityKind::Percent) return a;
        if (aq && bq && a.qkind == QuantityKind::Percent) return b;
        return mismatch("multiply");
      case Op::Div:
        if (aq && b.is_numeric()) return a;
        if (aq && bq && a.qkind == b.qkind) return t_of(TypeKind::Float);
        return mismatch("divide");
      default:
        return mismatch("combine");
    }
  }

  struct Context {
    bool under_member = false;  // this node is the object of a member/index access
  };

  Type expr(Expr& e, Context c) {
    Type t = compute(e, c);
    e.type = t;
    return t;
  }

  Type compute(Expr& e, Context c) {
    // A fact read worth quoting in reasons: the outermost access of a path.
    if (!c.under_member && (e.kind == ExprKind::Member || e.kind == ExprKind::Index ||
                            (e.kind == ExprKind::Name && e.name_kind != NameKind::Let)))
      e.reason = true;
    switch (e.kind) {
      case ExprKind::Null:
        return t_of(TypeKind::Null);
      case ExprKind::Bool:
        return t_of(TypeKind::Bool);
      case ExprKind::Int:
        return t_of(TypeKind::Int);
      case ExprKind::Float:
        return t_of(TypeKind::Float);
      case ExprKind::Quantity:
        return Type::quantity(e.qkind);
      case ExprKind::String:
        for (StringPart& p : e.parts)
          if (p.hole) expr(*p.hole, {});
        return t_of(TypeKind::String);
      case ExprKind::List: {
        Type elem = t_of(TypeKind::Any);
        for (ExprPtr& a : e.args) {
          Type t = expr(*a, {});
          if (!comparable(elem, t))
            error(a->pos, "VT0106", "list mixes " + elem.name() + " and " + t.name());
          else if (elem.is_any() || elem.is(TypeKind::Null))
            elem = t;
        }
        return Type::list_of(elem);
      }
      case ExprKind::Name:
        switch (e.name_kind) {
          case NameKind::FactRoot:
            return root(e);
          case NameKind::Let:
            return e.let ? let_type(*e.let) : t_of(TypeKind::Any);
          case NameKind::Variable:
            return e.slot >= 0 && static_cast<size_t>(e.slot) < vars_.size() ? vars_[e.slot]
                                                                             : t_of(TypeKind::Any);
          case NameKind::Unresolved:
            return t_of(TypeKind::Any);
        }
        return t_of(TypeKind::Any);
      case ExprKind::Param: {
        if (e.slot < 0) return t_of(TypeKind::Any);
        auto it = param_types_.find(ctx_.lib.params[e.slot]);
        return it == param_types_.end() ? t_of(TypeKind::Any) : it->second;
      }
      case ExprKind::Member: {
        Type t = member(e);
        const Expr& obj = *e.args[0];
        if (obj.kind == ExprKind::Name && obj.name_kind == NameKind::FactRoot &&
            obj.name == "sysctl")
          sysctls_.push_back(e.name);
        return t;
      }
      case ExprKind::Index: {
        Type obj = expr(*e.args[0], {true});
        Type idx = expr(*e.args[1], {});
        if (obj.is(TypeKind::List)) {
          if (!(idx.is_any() || idx.is(TypeKind::Int)))
            error(e.args[1]->pos, "VT0106", "a list index must be an int, not " + idx.name());
          return obj.elem ? *obj.elem : t_of(TypeKind::Any);
        }
        if (obj.is(TypeKind::Map)) {
          if (!(idx.is_any() || idx.is(TypeKind::String)))
            error(e.args[1]->pos, "VT0106", "a map key must be a string, not " + idx.name());
          return obj.elem ? *obj.elem : t_of(TypeKind::Any);
        }
        if (!obj.is_any() && !obj.is(TypeKind::Null))
          error(e.pos, "VT0106", "cannot index " + obj.name());
        return t_of(TypeKind::Any);
      }
      case ExprKind::Call:
        return call(e);
      case ExprKind::Quantifier: {
        Type lt = expr(*e.args[0], {});
        Type elem = t_of(TypeKind::Any);
        if (lt.is(TypeKind::List) && lt.elem)
          elem = *lt.elem;
        else if (!lt.is_any() && !lt.is(TypeKind::List) && !lt.is(TypeKind::Null))
          error(e.args[0]->pos, "VT0117", e.name + "() needs a list, not " + lt.name());
        if (e.slot >= 0) {
          if (vars_.size() <= static_cast<size_t>(e.slot))
            vars_.resize(e.slot + 1, t_of(TypeKind::Any));
          vars_[e.slot] = elem;
        }
        require_bool(*e.args[1], expr(*e.args[1], {}), "a quantifier's condition");
        return e.name == "count" ? t_of(TypeKind::Int) : t_of(TypeKind::Bool);
      }
      case ExprKind::Unary: {
        Type t = expr(*e.args[0], {});
        if (e.op == Op::Not) {
          require_bool(*e.args[0], t, "the operand of 'not'");
          return t_of(TypeKind::Bool);
        }
        if (!(t.is_any() || t.is_numeric() || t.is(TypeKind::Quantity) || t.is(TypeKind::Null)))
          error(e.pos, "VT0106", "cannot negate " + t.name());
        return t;
      }
      case ExprKind::Binary:
        return binary(e);
    }
    return t_of(TypeKind::Any);
  }

  PassContext& ctx_;
  size_t file_ = 0;
  std::vector<Type> vars_;
  std::map<const LetDecl*, Type> let_types_;
  std::map<const ParamDecl*, Type> param_types_;
  std::set<std::string> warned_roots_;
  std::vector<std::string> sysctls_;
};

}  // namespace

void typecheck_pass(PassContext& ctx) {
  Checker(ctx).run();
}

}  // namespace vtune::lang
