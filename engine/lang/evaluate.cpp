// The evaluator walks the checked AST. Names, params, functions and slots were bound by the
// earlier passes, so evaluation does no string parsing: a member access remembers (per
// expression, in a side table) where its key sat in the last map it searched, and facts
// maps written by one probe share their key order, so most lookups are a single compare.
//
// Loops over facts lists take three shortcuts, none of which changes a result: a `where`
// runs untraced first (reasons are collected only for items that pass), member paths on
// loop variables read per-list columns (columns.h), and a leading item-only `where` test is
// computed once per element and shared by every rule that begins with it (item_filter.h).
#include "engine/lang/evaluate.h"
#include "engine/facts/json_text.h"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include "engine/lang/builtins.h"
#include "engine/lang/columns.h"
#include "engine/lang/item_filter.h"
#include "engine/lang/printer.h"

namespace vtune::lang {
namespace {

using K = Value::Kind;

// Where a loop or quantifier variable's value sits in the facts, for reasons:
// "nics[eno1]".
struct Label {
  const std::string* base = nullptr;  // the iterated list's path, e.g. "nics"
  const Json* elem = nullptr;
  uint32_t index = 0;
};

struct Binding {
  Value value;
  Label label;
  const Json* list = nullptr;  // the facts list the value is element `index` of, if any
  uint32_t index = 0;
};

// A loop's shared filter: its leading item-only test and that test's key (item_filter.h).
struct FilterPlan {
  const Expr* test = nullptr;
  std::string key;
};

// A member path rooted at a loop or quantifier variable (`n.ring.rx`), read through a
// FactColumn when the variable is bound to an element of a facts list.
struct ColumnRead {
  int slot = -1;
  std::vector<const std::string*> keys;
  const FactColumn* column = nullptr;  // the last column used (for one list)
};

struct TraceEntry {
  const Expr* expr;
  Label root;  // the label of the variable the path starts at, if any
  Value value;
};

// The index of the ')' that closes the '(' at `open` in printed source, or npos. Text
// literals are skipped so that a bracket inside a string does not count.
size_t closing_paren(const std::string& s, size_t open) {
  int depth = 0;
  bool quoted = false;
  for (size_t i = open; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return i;
    }
  }
  return std::string::npos;
}

std::string label_text(const Label& l) {
  if (!l.base) return {};
  std::string key = std::to_string(l.index);
  if (l.elem && l.elem->is_object()) {
    for (const char* k : {"name", "id", "path"}) {
      auto it = l.elem->find(k);
      if (it == l.elem->end()) continue;
      if (it->is_string())
        key = it->get<std::string>();
      else if (it->is_number_integer())
        key = std::to_string(it->get<int64_t>());
      else
        continue;
      break;
    }
  }
  return *l.base + "[" + key + "]";
}

// The facts path an expression reads, for reasons and labels.
std::string path_text(const Expr& e, const Label& root) {
  switch (e.kind) {
    case ExprKind::Member: {
      std::string key = print_expr(e);  // keeps ."quoted" keys quoted
      std::string obj = print_expr(*e.args[0]);
      return path_text(*e.args[0], root) + key.substr(obj.size());
    }
    case ExprKind::Index: {
      const Expr& i = *e.args[1];
      bool literal = i.kind == ExprKind::Int || i.is_literal_text();
      return path_text(*e.args[0], root) + "[" + (literal ? print_expr(i) : "...") + "]";
    }
    case ExprKind::Name:
      if (e.name_kind == NameKind::Variable && root.base) return label_text(root);
      return e.name;
    default:
      return print_expr(e);
  }
}

const Expr* path_root(const Expr* e) {
  while (e->kind == ExprKind::Member || e->kind == ExprKind::Index) e = e->args[0].get();
  return e;
}

const Json* lookup(const Json& map, std::string_view key, uint32_t& hint) {
  if (!map.is_object()) return nullptr;
  const auto& obj = map.get_ref<const Json::object_t&>();
  if (hint < obj.size()) {
    const auto& kv = *(obj.begin() + hint);
    if (kv.first == key) return &kv.second;
  }
  uint32_t i = 0;
  for (const auto& kv : obj) {
    if (kv.first == key) {
      hint = i;
      return &kv.second;
    }
    ++i;
  }
  return nullptr;
}

bool is_scalar(const Value& v) {
  return !v.is(K::Fact) && !v.is(K::List);
}

class Evaluator {
 public:
  Evaluator(const RuleLibrary& lib, const Facts& facts, const ParamValues& params,
            const EvalTuning& tuning, Evaluation& out)
      : lib_(lib),
        facts_(facts),
        tuning_(tuning),
        out_(out),
        hints_(lib.expr_count, 0),
        reads_(lib.expr_count, 0) {
    lets_.resize(lib.lets.size());
    for (const ParamDecl* p : lib.params) {
      auto it = params.find(p->name);
      params_.push_back(it != params.end() ? Value::from_fact(it->second, &p->value->type)
                                           : literal(*p->value));
    }
  }

  void rule(const RuleDecl& r) {
    rule_ = &r;
    trace_.clear();
    arena_.clear();
    vars_.assign(static_cast<size_t>(r.slots), Binding{});
    produced_ = false;
    try {
      if (r.when) {
        Value w = eval(*r.when);
        if (!truthy(w)) {
          out_.not_applicable.push_back(r.id);
          return;
        }
      }
    } catch (const EvalFailure& f) {
      error(f.message, r.when_pos);
      return;
    }
    loop(r, 0);
    if (!produced_) out_.not_applicable.push_back(r.id);
  }

 private:
  SourceSpan span(Pos pos) const { return to_span(lib_.file_name(rule_->file), pos); }

  std::vector<std::string> reasons() const {
    std::vector<std::string> out;
    for (const TraceEntry& t : trace_) {
      std::string line = path_text(*t.expr, t.root) + " = " + t.value.display();
      if (std::find(out.begin(), out.end(), line) == out.end()) out.push_back(std::move(line));
    }
    return out;
  }

  void error(const std::string& message, Pos pos) {
    out_.errors.push_back({rule_->id, message, reasons(), span(pos)});
    produced_ = true;
  }

  static bool truthy(const Value& v) { return v.is(K::Bool) && v.as_bool(); }

  // Lists shorter than this are not worth a shared filter.
  static constexpr size_t kMinFilterItems = 32;

  // The shared filter for loop `f` over the facts list `list` (item_filter.h): the indexes,
  // ascending, of the elements whose `where` is not certainly false. Null when the `where`
  // has no item-only leading test.
  const std::vector<uint32_t>* item_filter(const ForClause& f, const Value& list) {
    if (!tuning_.shared_filters || !f.where || list.size() < kMinFilterItems) return nullptr;
    auto [pit, fresh] = filter_plans_.try_emplace(&f);
    FilterPlan& plan = pit->second;
    if (fresh) {
      plan.key.reserve(256);
      plan.test = leading_item_test(*f.where, f.slot, plan.key);
      plan.key += '|';  // the element type steers how elements are read
      if (f.list->type.elem) append_type_key(*f.list->type.elem, plan.key);
    }
    if (!plan.test) return nullptr;
    auto [it, built] = filters_[plan.key].try_emplace(list.fact());
    std::vector<uint32_t>& keep = it->second;
    if (!built) return &keep;
    // Bind each element and evaluate the test untraced; it reads nothing else.
    Binding saved = vars_[f.slot];
    bool was_tracing = tracing_;
    tracing_ = false;
    const Type* elem_hint = f.list->type.elem.get();
    const size_t n = list.size();
    for (size_t i = 0; i < n; ++i) {
      Binding& b = vars_[f.slot];
      b.value = list.at(i, elem_hint);
      b.label = Label{};
      b.list = list.fact();
      b.index = static_cast<uint32_t>(i);
      bool is_false = false;
      try {
        Value v = eval(*plan.test);
        is_false = v.is(K::Bool) && !v.as_bool();
      } catch (const EvalFailure&) {
        // kept: the full evaluation reports the error
      }
      if (!is_false) keep.push_back(static_cast<uint32_t>(i));
    }
    tracing_ = was_tracing;
    vars_[f.slot] = std::move(saved);
    return &keep;
  }

  // A `where` runs untraced first: most items fail it, and a failing item's reasons are
  // dropped anyway. Evaluation is pure, so an item that passes (or fails with an error)
  // runs again traced and collects exactly the reasons (or the error) a single traced run
  // would have.
  bool holds(const Expr& cond) {
    if (tracing_) {
      tracing_ = false;
      bool yes = false;
      try {
        yes = truthy(eval(cond));
      } catch (const EvalFailure&) {
        yes = true;  // the traced run below throws the same failure
      }
      tracing_ = true;
      if (!yes) return false;
    }
    return truthy(eval(cond));
  }

  // A rule-local `let NAME = expr [where cond]`: the variable holds the value once; a false
  // (or null) `where` skips the rest of the rule for the enclosing loop item.
  void let_clause(const RuleDecl& r, const ForClause& f, size_t depth) {
    size_t mark = trace_.size();
    Value v;
    try {
      v = eval(*f.list);
    } catch (const EvalFailure& e) {
      error(e.message, f.list->pos);
      return;
    }
    trace_.resize(mark);  // the value itself is not a reason; its `where` says why
    Binding& b = vars_[f.slot];
    b.value = v;
    b.label = Label{};
    b.list = nullptr;
    b.index = 0;
    try {
      if (f.where && !holds(*f.where)) {
        trace_.resize(mark);
        return;
      }
    } catch (const EvalFailure& e) {
      error(e.message, f.where->pos);
      trace_.resize(mark);
      return;
    }
    loop(r, depth + 1);
    trace_.resize(mark);
  }

  void loop(const RuleDecl& r, size_t depth) {
    if (depth == r.loops.size()) {
      body(r);
      return;
    }
    const ForClause& f = r.loops[depth];
    if (f.single) {
      let_clause(r, f, depth);
      return;
    }
    size_t mark = trace_.size();
    Value list;
    try {
      list = eval(*f.list);
    } catch (const EvalFailure& e) {
      error(e.message, f.list->pos);
      return;
    }
    trace_.resize(mark);  // the list itself is not a reason
    if (list.is_null()) return;
    if (!list.is(K::List) && !list.is_fact_list()) {
      error("'for' over " + list.display() + ", which is not a list", f.list->pos);
      return;
    }
    const std::string* base =
        list.is_fact_list() ? &arena_.emplace_back(path_text(*f.list, label_of(*f.list))) : nullptr;
    const Type* elem_hint = f.list->type.elem.get();
    // With a shared filter, only the elements it keeps (the others' `where` is false).
    const std::vector<uint32_t>* keep = list.is_fact_list() ? item_filter(f, list) : nullptr;
    const size_t n = keep ? keep->size() : list.size();
    for (size_t k = 0; k < n; ++k) {
      const size_t i = keep ? (*keep)[k] : k;
      Binding& b = vars_[f.slot];
      b.value = list.at(i, elem_hint);
      b.label = base ? Label{base, &(*list.fact())[i], static_cast<uint32_t>(i)} : Label{};
      b.list = list.fact();
      b.index = static_cast<uint32_t>(i);
      try {
        if (f.where && !holds(*f.where)) {
          trace_.resize(mark);
          continue;
        }
      } catch (const EvalFailure& e) {
        error(e.message, f.where->pos);
        trace_.resize(mark);
        continue;
      }
      loop(r, depth + 1);
      trace_.resize(mark);
    }
  }

  static constexpr size_t kMaxBindingText = 40;

  // "n = eno1, q = 3: <expr>": each loop variable by its item's label (a NIC's name, a
  // disk's, else its index), or its value when the list is not a facts list.
  std::string check_subject(const RuleDecl& r, const Expr& check) const {
    std::string bound;
    for (const ForClause& f : r.loops) {
      const Binding& b = vars_[f.slot];
      std::string item = b.label.base ? label_text(b.label) : b.value.display();
      // A loop over a computed list (a CPU list) would print it whole, on every item.
      if (item.size() > kMaxBindingText) item = item.substr(0, kMaxBindingText - 3) + "...";
      bound += (bound.empty() ? "" : ", ") + f.var + " = " + item;
    }
    std::string expr = print_expr(check);
    // The printer brackets every binary operation; the outermost pair says nothing here.
    if (expr.size() > 2 && expr.front() == '(' && closing_paren(expr, 0) == expr.size() - 1)
      expr = expr.substr(1, expr.size() - 2);
    return bound.empty() ? expr : bound + ": " + expr;
  }

  void body(const RuleDecl& r) {
    produced_ = true;
    std::vector<std::string> why = reasons();
    for (const Statement& s : r.body) {
      size_t mark = trace_.size();
      try {
        switch (s.kind) {
          case StmtKind::Set:
            set(s, why);
            break;
          case StmtKind::Advise:
            out_.advisories.push_back({r.id, interpolate(*s.message, false), why, span(s.pos)});
            break;
          case StmtKind::Check: {
            Value c = eval(*s.value);
            CheckResult res{r.id,
                            truthy(c),
                            !c.is_null(),
                            interpolate(*s.message, false),
                            check_subject(r, *s.value),
                            why,
                            span(s.pos)};
            if (!c.is_null() && !c.is(K::Bool))
              throw EvalFailure{"check of a value that is not a bool"};
            out_.checks.push_back(std::move(res));
            break;
          }
        }
      } catch (const EvalFailure& f) {
        out_.errors.push_back({r.id, f.message, why, span(s.pos)});
      }
      trace_.resize(mark);
    }
  }

  std::string nic_name(const Expr& subject) {
    Value v = eval(subject);
    if (v.is(K::String)) return std::string(v.str());
    if (v.is_fact_map()) {
      auto it = v.fact()->find("name");
      if (it != v.fact()->end() && it->is_string()) return it->get<std::string>();
    }
    throw EvalFailure{"cannot tell which NIC " + print_expr(subject) + " is (" + v.display() + ")"};
  }

  int64_t queue_index(const Expr& q) {
    Value v = eval(q);
    if (!v.is(K::Int) || v.as_int() < 0)
      throw EvalFailure{"queue index " + v.display() + " is not a non-negative int"};
    return v.as_int();
  }

  // The knob a set statement names, built from its parts (never from text). A knob that
  // is not well formed (an empty interface name from a null fact, a key the kernel would
  // not take) is this rule's error here, where the statement is known.
  Knob knob(const Target& t) {
    Knob k = knob_parts(t);
    if (std::optional<std::string> why = knob_problem(k))
      throw EvalFailure{"the rule names an invalid knob " + format_knob(k) + ": " + *why};
    return k;
  }

  static KnobKind knob_kind(TargetKind kind) {
    switch (kind) {
      case TargetKind::Sysctl:
        return KnobKind::Sysctl;
      case TargetKind::Sysfs:
        return KnobKind::Sysfs;
      case TargetKind::Ethtool:
      case TargetKind::EthtoolFeature:
        return KnobKind::Ethtool;
      case TargetKind::IrqAffinity:
        return KnobKind::IrqAffinity;
      case TargetKind::Rps:
        return KnobKind::Rps;
      case TargetKind::RpsFlow:
        return KnobKind::RpsFlow;
      case TargetKind::Xps:
        return KnobKind::Xps;
      case TargetKind::DaemonJson:
        return KnobKind::DaemonJson;
      case TargetKind::Modprobe:
        return KnobKind::Modprobe;
      case TargetKind::Vmx:
        return KnobKind::Vmx;
    }
    return KnobKind::Sysctl;
  }

  Knob knob_parts(const Target& t) {
    const KnobKind kind = knob_kind(t.kind);
    switch (t.kind) {
      case TargetKind::Sysctl: {
        std::string key = interpolate(*t.path, true);
        bool ok = !key.empty() && key.find("..") == std::string::npos && key.front() != '.' &&
                  key.back() != '.';
        for (char c : key)
          if (!(std::islower(static_cast<unsigned char>(c)) ||
                std::isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'))
            ok = false;
        if (!ok) throw EvalFailure{"invalid sysctl key \"" + key + "\""};
        return {kind, std::move(key), {}};
      }
      case TargetKind::Sysfs: {
        std::string path = interpolate(*t.path, true);
        if (!path.starts_with("/sys/") || path.find("..") != std::string::npos ||
            path.find("//") != std::string::npos)
          throw EvalFailure{"sysfs path \"" + path + "\" is not a plain path under /sys/"};
        return {kind, std::move(path), {}};
      }
      case TargetKind::Ethtool:
        return {kind, nic_name(*t.subject), t.group + "." + t.keys.at(0)};
      case TargetKind::EthtoolFeature:
        return {kind, nic_name(*t.subject), "feature." + t.keys.at(0)};
      case TargetKind::IrqAffinity:
      case TargetKind::Rps:
      case TargetKind::RpsFlow:
      case TargetKind::Xps: {
        std::string nic = nic_name(*t.subject);
        return {kind, std::move(nic), std::to_string(queue_index(*t.queue))};
      }
      case TargetKind::DaemonJson:
        // Each key is one segment, dots and all ("io.containerd.runc.v2").
        return {kind, format_daemon_json_path(t.keys), {}};
      case TargetKind::Modprobe:
        return {kind, t.module, t.keys.at(0)};
      case TargetKind::Vmx: {
        Value v = eval(*t.subject);
        std::string file;
        if (v.is(K::String))
          file = std::string(v.str());
        else if (v.is_fact_map()) {
          auto it = v.fact()->find("path");
          if (it != v.fact()->end() && it->is_string()) file = it->get<std::string>();
        }
        if (file.empty())
          throw EvalFailure{"cannot tell which .vmx file " + print_expr(*t.subject) + " is"};
        std::string key = interpolate(*t.path, true);
        bool ok = !key.empty();
        for (char c : key)
          if (!is_vmx_key_char(c)) ok = false;
        if (!ok) throw EvalFailure{"invalid .vmx key \"" + key + "\""};
        return {kind, std::move(file), std::move(key)};
      }
    }
    return {kind, {}, {}};
  }

  static std::string render(TargetKind kind, const Value& v) {
    switch (kind) {
      case TargetKind::EthtoolFeature:
        if (v.is(K::Bool)) return v.as_bool() ? "on" : "off";
        return v.kernel_text();
      case TargetKind::DaemonJson:
        return v.is(K::String) ? std::string(v.str()) : dump_json(v.to_json());
      case TargetKind::Vmx:
        if (v.is(K::Bool)) return v.as_bool() ? "TRUE" : "FALSE";
        return v.kernel_text();
      default:
        return v.kernel_text();
    }
  }

  void set(const Statement& s, const std::vector<std::string>& why) {
    Knob k = knob(s.target);
    Value v = eval(*s.value);
    if (v.is_null())
      throw EvalFailure{"the value for " + format_knob(k) + " is null (" + print_expr(*s.value) +
                        ")"};
    if (v.is_fact_map() && s.target.kind != TargetKind::DaemonJson)
      throw EvalFailure{"the value for " + format_knob(k) + " is a map"};
    out_.settings.push_back({std::move(k), render(s.target.kind, v), v.to_json(), bounds_of(s, v),
                             rule_->id, why, span(s.pos)});
  }

  // The per-element bounds of a `>=`, `<=` or `covers` value; empty for `=`.
  static Bounds bounds_of(const Statement& s, const Value& v) {
    if (s.op == SetOp::Assign) return {};
    const Json j = v.to_json();
    const bool list = j.is_array();
    const size_t n = list ? j.size() : 1;
    auto integral = [](const Json& x) { return x.is_number_integer() || x.is_number_unsigned(); };
    if (list) {
      for (const Json& x : j)
        if (!integral(x)) throw EvalFailure{"a bound element " + x.dump() + " is not an integer"};
    } else if (!integral(j)) {
      throw EvalFailure{"the bound " + v.display() + " is not an integer"};
    }
    if (n == 0) throw EvalFailure{"an empty list is no bound"};
    switch (s.op) {
      case SetOp::AtLeast:
        return Bounds(n, Bound::AtLeast);
      case SetOp::AtMost:
        return Bounds(n, Bound::AtMost);
      default:  // covers [low, high]: the knob's range must contain it
        if (!list || n != 2)
          throw EvalFailure{"'covers' needs a list [low, high], not " + v.display()};
        return {Bound::AtMost, Bound::AtLeast};
    }
  }

  std::string interpolate(const Expr& str, bool kernel) {
    std::string out;
    for (const StringPart& p : str.parts) {
      if (!p.hole) {
        out += p.text;
        continue;
      }
      Value v = eval(*p.hole);
      if (v.is_null() && kernel) throw EvalFailure{"{" + print_expr(*p.hole) + "} is null"};
      out += kernel ? v.kernel_text() : v.text();
    }
    return out;
  }

  Value literal(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Bool:
        return Value::boolean(e.boolean);
      case ExprKind::Int:
        return Value::integer(e.integer);
      case ExprKind::Float:
        return Value::real(e.real);
      case ExprKind::Quantity:
        return Value::quantity(e.integer, e.qkind);
      case ExprKind::String:
        return Value::string(e.literal_text());
      case ExprKind::List: {
        std::vector<Value> items;
        for (const ExprPtr& a : e.args) items.push_back(literal(*a));
        return Value::list(std::move(items));
      }
      default:
        return Value();
    }
  }

  Label label_of(const Expr& path) const {
    const Expr* root = path_root(&path);
    if (root->kind == ExprKind::Name && root->name_kind == NameKind::Variable && root->slot >= 0)
      return vars_[root->slot].label;
    return {};
  }

  void note(const Expr& e, const Value& v) {
    if (!tracing_ || !e.reason || !is_scalar(v)) return;
    const Expr* root = path_root(&e);
    Label label;
    if (root->kind == ExprKind::Name && root->name_kind == NameKind::Variable && root->slot >= 0)
      label = vars_[root->slot].label;
    else if (root->kind != ExprKind::Name || root->name_kind != NameKind::FactRoot)
      return;  // a path into a computed value is not a fact
    trace_.push_back({&e, label, v});
  }

  Value name(const Expr& e) {
    switch (e.name_kind) {
      case NameKind::FactRoot: {
        const Json* f = lookup(facts_, e.name, hints_[e.id]);
        return f ? Value::from_fact(*f, &e.type) : Value();
      }
      case NameKind::Variable:
        return vars_[e.slot].value;
      case NameKind::Let:
        return let(*e.let);
      case NameKind::Unresolved:
        throw EvalFailure{"unresolved name '" + e.name + "'"};
    }
    return Value();
  }

  // A let is closed (no loop variables), so its value and its reasons are the same for
  // the whole evaluation: compute once.
  Value let(const LetDecl& l) {
    LetCache& c = lets_[l.index];
    if (c.state == 1) throw EvalFailure{"let '" + l.name + "' depends on itself"};
    if (c.state == 0) {
      c.state = 1;
      std::vector<Binding> saved = std::move(vars_);
      vars_.assign(static_cast<size_t>(l.slots), Binding{});
      size_t mark = trace_.size();
      bool was_tracing = tracing_;
      tracing_ = true;  // the cached trace serves traced and untraced reads alike
      try {
        c.value = eval(*l.value);
      } catch (...) {
        tracing_ = was_tracing;
        trace_.resize(mark);
        vars_ = std::move(saved);
        c.state = 0;
        throw;
      }
      tracing_ = was_tracing;
      c.trace.assign(trace_.begin() + static_cast<std::ptrdiff_t>(mark), trace_.end());
      trace_.resize(mark);
      vars_ = std::move(saved);
      c.state = 2;
    }
    if (tracing_) trace_.insert(trace_.end(), c.trace.begin(), c.trace.end());
    return c.value;
  }

  // The column read for a member expression, or null when it is not a path of plain
  // members from a variable. Decided once per expression.
  ColumnRead* column_read(const Expr& e) {
    uint32_t& r = reads_[e.id];
    if (r == 0) {
      ColumnRead plan;
      const Expr* x = &e;
      while (x->kind == ExprKind::Member) {
        plan.keys.push_back(&x->name);
        x = x->args[0].get();
      }
      if (x->kind == ExprKind::Name && x->name_kind == NameKind::Variable && x->slot >= 0) {
        std::reverse(plan.keys.begin(), plan.keys.end());
        plan.slot = x->slot;
        column_reads_.push_back(std::move(plan));
        r = static_cast<uint32_t>(column_reads_.size()) + 1;
      } else {
        r = 1;
      }
    }
    return r == 1 ? nullptr : &column_reads_[r - 2];
  }

  Value member(const Expr& e) {
    if (ColumnRead* c = tuning_.columns ? column_read(e) : nullptr) {
      const Binding& b = vars_[c->slot];
      if (b.list) {
        if (!c->column || c->column->list != b.list)
          c->column = &columns_.get(*b.list, c->keys, &e.type);
        if (b.index < c->column->values.size()) {
          PathRead how = c->column->how[b.index];
          if (how == PathRead::NullBase) return Value();  // a member of null: not noted
          if (how == PathRead::FromMap) {
            const Value& v = c->column->values[b.index];
            note(e, v);
            return v;
          }
        }
      }
    }
    // A loop variable is read in place rather than copied.
    const Expr& o = *e.args[0];
    Value computed;
    const Value* objp = &computed;
    if (o.kind == ExprKind::Name && o.name_kind == NameKind::Variable)
      objp = &vars_[o.slot].value;
    else
      computed = eval(o);
    const Value& obj = *objp;
    if (!obj.is_fact_map()) {
      if (obj.is_null()) return Value();
      throw EvalFailure{print_expr(o) + " is " + obj.display() + ", which has no key '" + e.name +
                        "'"};
    }
    const Json* f = lookup(*obj.fact(), e.name, hints_[e.id]);
    Value v = f ? Value::from_fact(*f, &e.type) : Value();
    note(e, v);
    return v;
  }

  Value index(const Expr& e) {
    Value obj = eval(*e.args[0]);
    Value idx = eval(*e.args[1]);
    if (obj.is_null() || idx.is_null()) return Value();
    Value v;
    const Type* hint = &e.type;
    if ((obj.is(K::List) || obj.is_fact_list()) && idx.is(K::Int)) {
      int64_t i = idx.as_int();
      if (i < 0) i += static_cast<int64_t>(obj.size());
      v = i >= 0 ? obj.at(static_cast<size_t>(i), hint) : Value();
    } else if (obj.is_fact_map() && idx.is(K::String)) {
      uint32_t scratch = 0;
      const Json* f = lookup(*obj.fact(), idx.str(), scratch);
      v = f ? Value::from_fact(*f, hint) : Value();
    } else {
      throw EvalFailure{"cannot index " + obj.display() + " with " + idx.display()};
    }
    note(e, v);
    return v;
  }

  Value quantifier(const Expr& e) {
    Value list = eval(*e.args[0]);
    if (list.is_null()) return Value();
    if (!list.is(K::List) && !list.is_fact_list())
      throw EvalFailure{e.name + "() over a value that is not a list"};
    // The list's path names the variable in reasons; untraced, nothing is quoted.
    const std::string* base =
        list.is_fact_list() && tracing_
            ? &arena_.emplace_back(path_text(*e.args[0], label_of(*e.args[0])))
            : nullptr;
    const Type* elem_hint = e.args[0]->type.elem.get();
    bool any = e.name == "any", all = e.name == "all";
    bool unknown = false;
    int64_t count = 0;
    size_t start = trace_.size();
    for (size_t i = 0; i < list.size(); ++i) {
      Binding& b = vars_[e.slot];
      b.value = list.at(i, elem_hint);
      b.label = base ? Label{base, &(*list.fact())[i], static_cast<uint32_t>(i)} : Label{};
      b.list = list.fact();
      b.index = static_cast<uint32_t>(i);
      size_t mark = trace_.size();
      Value r = eval(*e.args[1]);
      if (r.is_null()) unknown = true;
      bool yes = truthy(r);
      if (any && yes) return Value::boolean(true);                    // the witness's reasons stay
      if (all && !yes && !r.is_null()) return Value::boolean(false);  // the counterexample's stay
      trace_.resize(mark);
      count += yes;
    }
    trace_.resize(start);
    if (any) return unknown ? Value() : Value::boolean(false);
    if (all) return unknown ? Value() : Value::boolean(true);
    return Value::integer(count);
  }

  Value call(const Expr& e) {
    Value args[8];
    std::vector<Value> many;
    std::span<const Value> view;
    if (e.args.size() <= 8) {
      for (size_t i = 0; i < e.args.size(); ++i) args[i] = eval(*e.args[i]);
      view = std::span<const Value>(args, e.args.size());
    } else {
      for (const ExprPtr& a : e.args) many.push_back(eval(*a));
      view = many;
    }
    const Type* elem = e.args.empty() ? nullptr : e.args[0]->type.elem.get();
    BuiltinContext ctx{facts_, static_cast<const std::regex*>(e.compiled.get()), elem};
    return call_builtin(static_cast<Func>(e.slot), view, ctx);
  }

  Value logic(const Expr& e) {
    size_t mark = trace_.size();
    Value a = eval(*e.args[0]);
    if (!a.is_null() && !a.is(K::Bool))
      throw EvalFailure{"'" + std::string(op_text(e.op)) + "' of a value that is not a bool"};
    if (e.op == Op::And && a.is(K::Bool) && !a.as_bool()) return a;
    if (e.op == Op::Or && truthy(a)) return a;
    if (e.op == Op::Or) trace_.resize(mark);  // a false left side did not decide
    Value b = eval(*e.args[1]);
    if (!b.is_null() && !b.is(K::Bool))
      throw EvalFailure{"'" + std::string(op_text(e.op)) + "' of a value that is not a bool"};
    // Kleene logic: null is "unknown".
    if (e.op == Op::And) {
      if (b.is(K::Bool) && !b.as_bool()) return b;
      return a.is_null() || b.is_null() ? Value() : Value::boolean(true);
    }
    if (truthy(b)) return b;
    return a.is_null() || b.is_null() ? Value() : Value::boolean(false);
  }

  static bool word_in(std::string_view needle, std::string_view hay) {
    size_t i = 0;
    while (i < hay.size()) {
      while (i < hay.size() && std::isspace(static_cast<unsigned char>(hay[i]))) ++i;
      size_t j = i;
      while (j < hay.size() && !std::isspace(static_cast<unsigned char>(hay[j]))) ++j;
      if (j > i && hay.substr(i, j - i) == needle) return true;
      i = j;
    }
    return false;
  }

  Value compare(const Expr& e) {
    const Expr& l = *e.args[0];
    const Expr& r = *e.args[1];
    Value a = eval(l);
    Value b = eval(r);
    bool null_test = l.kind == ExprKind::Null || r.kind == ExprKind::Null;
    if (a.is_null() || b.is_null()) {
      // A null fact makes comparisons false, except an explicit test against null.
      if (!null_test) return Value::boolean(false);
      bool eq = a.is_null() && b.is_null();
      return Value::boolean(e.op == Op::Eq ? eq : e.op == Op::Ne ? !eq : false);
    }
    switch (e.op) {
      case Op::Eq:
        return Value::boolean(values_equal(a, b));
      case Op::Ne:
        return Value::boolean(!values_equal(a, b));
      case Op::In: {
        if (b.is(K::String)) return Value::boolean(a.is(K::String) && word_in(a.str(), b.str()));
        if (b.is_fact_map()) {
          uint32_t scratch = 0;
          return Value::boolean(a.is(K::String) && lookup(*b.fact(), a.str(), scratch) != nullptr);
        }
        const Type* hint = r.type.elem.get();
        for (size_t i = 0; i < b.size(); ++i)
          if (values_equal(a, b.at(i, hint))) return Value::boolean(true);
        return Value::boolean(false);
      }
      default: {
        std::optional<int> c = values_compare(a, b);
        if (!c) throw EvalFailure{"cannot order " + a.display() + " and " + b.display()};
        switch (e.op) {
          case Op::Lt:
            return Value::boolean(*c < 0);
          case Op::Le:
            return Value::boolean(*c <= 0);
          case Op::Gt:
            return Value::boolean(*c > 0);
          default:
            return Value::boolean(*c >= 0);
        }
      }
    }
  }

  Value arithmetic(const Expr& e) {
    Value a = eval(*e.args[0]);
    Value b = eval(*e.args[1]);
    if (a.is_null() || b.is_null()) return Value();
    if (e.op == Op::Mod) {
      if (!a.is(K::Int) || !b.is(K::Int))
        throw EvalFailure{"'%' takes ints, not " + a.display() + " and " + b.display()};
      if (b.as_int() == 0) throw EvalFailure{"division by zero in " + print_expr(e)};
      if (b.as_int() == -1) return Value::integer(0);  // INT64_MIN % -1 traps
      return Value::integer(a.as_int() % b.as_int());
    }
    auto numeric = [](const Value& v) {
      return v.is(K::Int) || v.is(K::Float) || v.is(K::Quantity);
    };
    if (e.op == Op::Add && a.is(K::String) && b.is(K::String))
      return Value::string(std::string(a.str()) + std::string(b.str()));
    if (e.op == Op::Add && a.is(K::List) && b.is(K::List)) {
      std::vector<Value> items = a.items();
      items.insert(items.end(), b.items().begin(), b.items().end());
      return Value::list(std::move(items));
    }
    if (!numeric(a) || !numeric(b))
      throw EvalFailure{"cannot apply '" + std::string(op_text(e.op)) + "' to " + a.display() +
                        " and " + b.display()};
    bool aq = a.is(K::Quantity), bq = b.is(K::Quantity);
    if (a.is(K::Float) || b.is(K::Float)) {
      double x = a.as_double(), y = b.as_double();
      if (e.op == Op::Div && y == 0) throw EvalFailure{"division by zero in " + print_expr(e)};
      double r = e.op == Op::Add   ? x + y
                 : e.op == Op::Sub ? x - y
                 : e.op == Op::Mul ? x * y
                                   : x / y;
      if ((aq || bq) && !(aq && bq && e.op == Op::Div)) {
        if (!std::isfinite(r) || std::fabs(r) > 9.2e18)
          throw EvalFailure{"overflow in " + print_expr(e)};
        return Value::quantity(static_cast<int64_t>(r), aq ? a.qkind() : b.qkind());
      }
      return Value::real(r);
    }
    int64_t x = a.as_int(), y = b.as_int(), r = 0;
    bool overflow = false;
    QuantityKind qk = aq ? a.qkind() : b.qkind();
    switch (e.op) {
      case Op::Add:
        overflow = __builtin_add_overflow(x, y, &r);
        break;
      case Op::Sub:
        overflow = __builtin_sub_overflow(x, y, &r);
        break;
      case Op::Mul:
        if (aq && bq) {
          // A percentage (in hundredths) scales the other quantity.
          bool a_pct = a.qkind() == QuantityKind::Percent;
          int64_t pct = a_pct ? x : y, base = a_pct ? y : x;
          qk = a_pct ? b.qkind() : a.qkind();
          __int128 wide = static_cast<__int128>(base) * pct / 10000;
          overflow = wide > INT64_MAX || wide < INT64_MIN;
          r = static_cast<int64_t>(wide);
        } else {
          overflow = __builtin_mul_overflow(x, y, &r);
        }
        break;
      default:
        if (y == 0) throw EvalFailure{"division by zero in " + print_expr(e)};
        if (x == INT64_MIN && y == -1)
          overflow = true;
        else if (aq && bq)
          return Value::real(static_cast<double>(x) / static_cast<double>(y));
        else
          r = x / y;
    }
    if (overflow) throw EvalFailure{"integer overflow in " + print_expr(e)};
    return aq || bq ? Value::quantity(r, qk) : Value::integer(r);
  }

  Value eval(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Null:
        return Value();
      case ExprKind::Bool:
        return Value::boolean(e.boolean);
      case ExprKind::Int:
        return Value::integer(e.integer);
      case ExprKind::Float:
        return Value::real(e.real);
      case ExprKind::Quantity:
        return Value::quantity(e.integer, e.qkind);
      case ExprKind::String:
        // A constant string is borrowed from the tree; the parser merges adjacent text.
        if (e.parts.empty()) return Value::string({});
        if (e.parts.size() == 1 && !e.parts[0].hole) return Value::borrowed(e.parts[0].text);
        return Value::string(interpolate(e, false));
      case ExprKind::List: {
        std::vector<Value> items;
        items.reserve(e.args.size());
        for (const ExprPtr& a : e.args) items.push_back(eval(*a));
        return Value::list(std::move(items));
      }
      case ExprKind::Name:
        return name(e);
      case ExprKind::Param:
        return e.slot >= 0 ? params_[e.slot] : Value();
      case ExprKind::Member:
        return member(e);
      case ExprKind::Index:
        return index(e);
      case ExprKind::Call:
        return call(e);
      case ExprKind::Quantifier:
        return quantifier(e);
      case ExprKind::Unary: {
        Value v = eval(*e.args[0]);
        if (v.is_null()) return v;
        if (e.op == Op::Not) {
          if (!v.is(K::Bool)) throw EvalFailure{"'not' of a value that is not a bool"};
          return Value::boolean(!v.as_bool());
        }
        if (v.is(K::Float)) return Value::real(-v.as_double());
        if ((v.is(K::Int) || v.is(K::Quantity)) && v.as_int() != INT64_MIN)
          return v.is(K::Int) ? Value::integer(-v.as_int())
                              : Value::quantity(-v.as_int(), v.qkind());
        throw EvalFailure{"cannot negate " + v.display()};
      }
      case ExprKind::Binary:
        switch (e.op) {
          case Op::And:
          case Op::Or:
            return logic(e);
          case Op::Coalesce: {
            Value a = eval(*e.args[0]);
            return a.is_null() ? eval(*e.args[1]) : a;
          }
          case Op::Add:
          case Op::Sub:
          case Op::Mul:
          case Op::Div:
          case Op::Mod:
            return arithmetic(e);
          default:
            return compare(e);
        }
    }
    return Value();
  }

  struct LetCache {
    int state = 0;  // 0 not computed, 1 computing, 2 done
    Value value;
    std::vector<TraceEntry> trace;
  };

  const RuleLibrary& lib_;
  const Facts& facts_;
  const EvalTuning tuning_;
  Evaluation& out_;
  std::vector<uint32_t> hints_;
  std::vector<uint32_t> reads_;  // by expression id: 0 undecided, 1 no column read, else 2 + index
  std::vector<ColumnRead> column_reads_;
  FactColumns columns_;
  std::unordered_map<const ForClause*, FilterPlan> filter_plans_;
  // By test key and list: the indexes of the elements the test does not rule out.
  std::unordered_map<std::string, std::map<const Json*, std::vector<uint32_t>>> filters_;
  std::vector<Value> params_;
  std::vector<LetCache> lets_;
  std::vector<Binding> vars_;
  std::vector<TraceEntry> trace_;
  std::deque<std::string> arena_;
  const RuleDecl* rule_ = nullptr;
  bool produced_ = false;
  bool tracing_ = true;  // whether fact reads are noted for reasons
};

}  // namespace

Evaluation evaluate(const RuleLibrary& lib, const Facts& facts, const ParamValues& params,
                    std::span<const std::string> rule_ids, const EvalTuning& tuning) {
  Evaluation out;
  if (!lib.checked) {
    out.errors.push_back({"", "the rule library has errors; run vtune lint", {}, {}});
    return out;
  }
  std::vector<const RuleDecl*> selected;
  for (const std::string& id : rule_ids) {
    const RuleDecl* r = lib.find_rule(id);
    if (r)
      selected.push_back(r);
    else
      out.errors.push_back({id, "no rule with id '" + id + "'", {}, {}});
  }
  std::sort(selected.begin(), selected.end(),
            [](const RuleDecl* a, const RuleDecl* b) { return a->id < b->id; });
  selected.erase(std::unique(selected.begin(), selected.end()), selected.end());
  Evaluator ev(lib, facts, params, tuning, out);
  for (const RuleDecl* r : selected) ev.rule(*r);
  return out;
}

Evaluation evaluate_all(const RuleLibrary& lib, const Facts& facts, const ParamValues& params,
                        const EvalTuning& tuning) {
  std::vector<std::string> ids;
  for (const RuleDecl* r : lib.rules) ids.push_back(r->id);
  return evaluate(lib, facts, params, ids, tuning);
}

}  // namespace vtune::lang
