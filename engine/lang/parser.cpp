// PEGTL actions that build the AST. Expressions are built on a stack: a rule's action
// pops its operands and pushes its node. Because PEGTL runs actions as soon as a rule
// matches, and an enclosing rule may still fail and backtrack, the control below records the
// stack height when each rule starts and truncates back to it when the rule fails.
#include "engine/lang/parser.h"

#include <algorithm>
#include <charconv>

#include "engine/core/text.h"
#include "engine/lang/grammar.h"

namespace vtune::lang {
namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;

struct ParseState {
  ParseState(RuleFile& f, size_t index, Diagnostics& d) : file(f), file_index(index), diags(d) {}
  RuleFile& file;
  size_t file_index;
  Diagnostics& diags;
  std::vector<ExprPtr> stack;
  std::vector<size_t> marks;
  int nesting = 0;
  std::unique_ptr<RuleDecl> rule;
  std::vector<std::string> seen_attrs;
  Target target;
  std::string group, ident, module, feature;
  size_t stmt_base = 0;
  ExprPtr where;
  SetOp set_op = SetOp::Assign;
};

template <class Input>
Pos pos_of(const Input& in, size_t length) {
  auto p = in.position();
  return Pos{static_cast<uint32_t>(p.line), static_cast<uint32_t>(p.column),
             static_cast<uint32_t>(std::max<size_t>(length, 1))};
}

// The length of a token without the whitespace and comments the grammar let it swallow.
size_t token_length(std::string_view text) {
  size_t n = text.size();
  // Tokens never contain '#' outside strings, and strings end at their closing quote.
  size_t hash = text.find('#');
  if (hash != std::string_view::npos && text.front() != '"') n = hash;
  while (n > 0 && std::isspace(static_cast<unsigned char>(text[n - 1]))) --n;
  return n;
}

std::string_view word_of(std::string_view text) {
  size_t n = 0;
  while (n < text.size() && (std::isalnum(static_cast<unsigned char>(text[n])) || text[n] == '_' ||
                             text[n] == '-' || text[n] == '.'))
    ++n;
  return text.substr(0, n);
}

template <class Input>
[[noreturn]] void raise(const Input& in, const std::string& code_and_message) {
  throw pegtl::parse_error(code_and_message, in);
}

ExprPtr pop(ParseState& s) {
  ExprPtr e = std::move(s.stack.back());
  s.stack.pop_back();
  return e;
}

ExprPtr make(ExprKind kind, Pos pos) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->pos = pos;
  return e;
}

template <class Input>
void set_height(Expr& e, const Input& in) {
  int h = 0;
  for (const ExprPtr& a : e.args) h = std::max<int>(h, a->depth);
  for (const StringPart& p : e.parts)
    if (p.hole) h = std::max<int>(h, p.hole->depth);
  if (h + 1 > kMaxExprHeight) raise(in, "VT0102|expression is too deeply nested");
  e.depth = static_cast<uint16_t>(h + 1);
}

// Closes the nearest open node (a list, call or quantifier): everything above it on the
// stack becomes its arguments.
template <class Input>
void close_partial(ParseState& s, const Input& in) {
  size_t i = s.stack.size();
  while (i > 0 && !s.stack[i - 1]->partial) --i;
  Expr& open = *s.stack[i - 1];
  for (size_t j = i; j < s.stack.size(); ++j) open.args.push_back(std::move(s.stack[j]));
  s.stack.resize(i);
  open.partial = false;
  open.pos.length = static_cast<uint32_t>(std::max<size_t>(token_length(in.string_view()), 1));
  set_height(open, in);
}

template <class Input>
void push_binary(ParseState& s, const Input& in, Op op) {
  ExprPtr rhs = pop(s);
  ExprPtr lhs = pop(s);
  auto e = make(ExprKind::Binary, lhs->pos);
  e->op = op;
  if (rhs->pos.line == lhs->pos.line && rhs->pos.column >= lhs->pos.column)
    e->pos.length = rhs->pos.column + rhs->pos.length - lhs->pos.column;
  e->args.push_back(std::move(lhs));
  e->args.push_back(std::move(rhs));
  set_height(*e, in);
  s.stack.push_back(std::move(e));
}

std::string constant_text(ParseState& s, const char* what) {
  ExprPtr e = pop(s);
  if (!e->is_literal_text())
    s.diags.error("VT0103", to_span(s.file.path, e->pos),
                  std::string("interpolation is not allowed in ") + what,
                  "write \\{ for a literal brace");
  return e->literal_text();
}

void note_attr(ParseState& s, std::string_view name, Pos pos) {
  if (std::find(s.seen_attrs.begin(), s.seen_attrs.end(), name) != s.seen_attrs.end())
    s.diags.error("VT0116", to_span(s.file.path, pos),
                  "'" + std::string(name) + "' is given twice in rule '" + s.rule->id + "'");
  s.seen_attrs.emplace_back(name);
}

template <class Rule>
struct action : pegtl::nothing<Rule> {};

// ---- literals ----
template <>
struct action<g::quantity_lit> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    std::optional<Quantity> q = parse_quantity(in.string_view());
    if (!q)
      raise(in, "VT0103|'" + in.string() + "' is out of range or not a whole number of base units");
    auto e = make(ExprKind::Quantity, pos_of(in, in.size()));
    e->integer = q->value;
    e->qkind = q->kind;
    s.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::float_lit> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    std::optional<double> v = parse_double(in.string_view());
    if (!v) raise(in, "VT0103|invalid number '" + in.string() + "'");
    auto e = make(ExprKind::Float, pos_of(in, in.size()));
    e->real = *v;
    s.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::int_lit> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    std::optional<int64_t> v = parse_int(in.string_view());
    if (!v) raise(in, "VT0103|integer '" + in.string() + "' is out of range");
    auto e = make(ExprKind::Int, pos_of(in, in.size()));
    e->integer = *v;
    s.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::true_lit> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    auto e = make(ExprKind::Bool, pos_of(in, 4));
    e->boolean = true;
    s.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::false_lit> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.stack.push_back(make(ExprKind::Bool, pos_of(in, 5)));
  }
};
template <>
struct action<g::null_lit> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.stack.push_back(make(ExprKind::Null, pos_of(in, 4)));
  }
};

// ---- strings ----
void append_text(Expr& str, std::string_view text) {
  if (str.parts.empty() || str.parts.back().hole) str.parts.push_back({});
  str.parts.back().text.append(text);
}
template <>
struct action<g::str_open> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    auto e = make(ExprKind::String, pos_of(in, 1));
    e->partial = true;
    s.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::str_plain> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    append_text(*s.stack.back(), in.string_view());
  }
};
template <>
struct action<g::str_escape> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    char c = in.string_view()[1];
    char out = c == 'n' ? '\n' : c == 't' ? '\t' : c;
    append_text(*s.stack.back(), std::string_view(&out, 1));
  }
};
template <>
struct action<g::str_hole> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    ExprPtr hole = pop(s);
    s.stack.back()->parts.push_back({{}, std::move(hole)});
  }
};
template <>
struct action<g::string_lit> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    Expr& e = *s.stack.back();
    e.partial = false;
    e.pos.length = static_cast<uint32_t>(in.size());
    set_height(e, in);
  }
};

// ---- compound expressions ----
template <>
struct action<g::list_open> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    auto e = make(ExprKind::List, pos_of(in, 1));
    e->partial = true;
    s.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::list_lit> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    close_partial(s, in);
  }
};
template <>
struct action<g::param_name> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    auto e = make(ExprKind::Param, pos_of(in, token_length(in.string_view())));
    e->name = std::string(word_of(in.string_view()));
    s.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::quant_open> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    std::string_view w = word_of(in.string_view());
    auto e = make(ExprKind::Quantifier, pos_of(in, w.size()));
    e->name = std::string(w);
    e->partial = true;
    s.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::quant_var> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    auto e = make(ExprKind::Name, pos_of(in, token_length(in.string_view())));
    e->name = std::string(word_of(in.string_view()));
    s.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::quantifier> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    close_partial(s, in);
    Expr& q = *s.stack.back();
    q.var = q.args.front()->name;
    q.args.erase(q.args.begin());
  }
};
template <>
struct action<g::call_open> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    std::string_view w = word_of(in.string_view());
    auto e = make(ExprKind::Call, pos_of(in, w.size()));
    e->name = std::string(w);
    e->partial = true;
    s.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::call> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    close_partial(s, in);
  }
};
template <>
struct action<g::name_ref> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    auto e = make(ExprKind::Name, pos_of(in, token_length(in.string_view())));
    e->name = std::string(word_of(in.string_view()));
    s.stack.push_back(std::move(e));
  }
};
template <class Input>
void push_member(ParseState& s, const Input& in, std::string key, size_t key_len) {
  ExprPtr obj = pop(s);
  auto e = make(ExprKind::Member, obj->pos);
  auto p = in.position();
  if (p.line == obj->pos.line)
    e->pos.length = static_cast<uint32_t>(p.column + key_len - obj->pos.column);
  e->name = std::move(key);
  e->args.push_back(std::move(obj));
  set_height(*e, in);
  s.stack.push_back(std::move(e));
}
template <>
struct action<g::member_name> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    std::string_view w = word_of(in.string_view());
    push_member(s, in, std::string(w), w.size());
  }
};
template <>
struct action<g::member_string> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    std::string key = constant_text(s, "a key");
    push_member(s, in, std::move(key), token_length(in.string_view()));
  }
};
template <>
struct action<g::index> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    ExprPtr idx = pop(s);
    ExprPtr obj = pop(s);
    auto e = make(ExprKind::Index, obj->pos);
    e->args.push_back(std::move(obj));
    e->args.push_back(std::move(idx));
    set_height(*e, in);
    s.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::negation> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    ExprPtr operand = pop(s);
    Pos pos = pos_of(in, token_length(in.string_view()));
    // Fold "-5", "-1.5", "-10%" into literals so defaults stay literals.
    bool foldable = (operand->kind == ExprKind::Int || operand->kind == ExprKind::Quantity) &&
                    operand->integer != INT64_MIN;
    if (foldable || operand->kind == ExprKind::Float) {
      operand->integer = -operand->integer;
      operand->real = -operand->real;
      operand->pos = pos;
      s.stack.push_back(std::move(operand));
      return;
    }
    auto e = make(ExprKind::Unary, pos);
    e->op = Op::Neg;
    e->args.push_back(std::move(operand));
    set_height(*e, in);
    s.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::negated> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    ExprPtr operand = pop(s);
    auto e = make(ExprKind::Unary, pos_of(in, token_length(in.string_view())));
    e->op = Op::Not;
    e->args.push_back(std::move(operand));
    set_height(*e, in);
    s.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::mul_tail> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    char c = in.string_view()[0];
    push_binary(s, in, c == '*' ? Op::Mul : c == '/' ? Op::Div : Op::Mod);
  }
};
template <>
struct action<g::add_tail> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    push_binary(s, in, in.string_view()[0] == '+' ? Op::Add : Op::Sub);
  }
};
template <>
struct action<g::cmp_tail> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    std::string_view t = in.string_view();
    Op op = starts_with(t, "==")   ? Op::Eq
            : starts_with(t, "!=") ? Op::Ne
            : starts_with(t, "<=") ? Op::Le
            : starts_with(t, ">=") ? Op::Ge
            : starts_with(t, "<")  ? Op::Lt
            : starts_with(t, ">")  ? Op::Gt
                                   : Op::In;
    push_binary(s, in, op);
  }
};
template <>
struct action<g::and_tail> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    push_binary(s, in, Op::And);
  }
};
template <>
struct action<g::or_tail> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    push_binary(s, in, Op::Or);
  }
};
template <>
struct action<g::coalesce_tail> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    push_binary(s, in, Op::Coalesce);
  }
};

// ---- targets and statements ----
template <>
struct action<g::kw<g::k_set>> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.stmt_base = s.stack.size();
    s.target = Target{};
    s.target.pos = pos_of(in, 3);
    s.group.clear();
    s.ident.clear();
    s.feature.clear();
  }
};
template <class Input>
Pos target_pos(const Input& in) {
  return pos_of(in, word_of(in.string_view()).size());
}
template <>
struct action<g::sysctl_target> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.target.kind = TargetKind::Sysctl;
    s.target.pos = target_pos(in);
    s.target.path = pop(s);
  }
};
template <>
struct action<g::sysfs_target> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.target.kind = TargetKind::Sysfs;
    s.target.pos = target_pos(in);
    s.target.path = pop(s);
  }
};
template <>
struct action<g::ethtool_group> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.group = std::string(word_of(in.string_view()));
  }
};
template <>
struct action<g::target_ident> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.ident = std::string(word_of(in.string_view()));
  }
};
template <>
struct action<g::module_name> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.module = std::string(word_of(in.string_view()));
  }
};
template <>
struct action<g::ethtool_feature> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.feature = constant_text(s, "an ethtool feature name");
  }
};
template <>
struct action<g::ethtool_target> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.target.pos = target_pos(in);
    s.target.subject = pop(s);
    if (s.group.empty()) {
      s.target.kind = TargetKind::EthtoolFeature;
      s.target.keys = {s.feature};
    } else {
      s.target.kind = TargetKind::Ethtool;
      s.target.group = s.group;
      s.target.keys = {s.ident};
    }
  }
};
template <class Input>
void queue_target(ParseState& s, const Input& in, TargetKind kind) {
  s.target.kind = kind;
  s.target.pos = target_pos(in);
  s.target.queue = pop(s);
  s.target.subject = pop(s);
}
template <>
struct action<g::irq_target> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    queue_target(s, in, TargetKind::IrqAffinity);
  }
};
template <>
struct action<g::rps_target> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    std::string_view w = word_of(in.string_view());
    queue_target(s, in,
                 w == "rps_flow" ? TargetKind::RpsFlow
                 : w == "xps"    ? TargetKind::Xps
                                 : TargetKind::Rps);
  }
};
template <>
struct action<g::daemon_json_target> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.target.kind = TargetKind::DaemonJson;
    s.target.pos = target_pos(in);
    std::vector<std::string> keys;
    while (s.stack.size() > s.stmt_base) keys.push_back(constant_text(s, "a daemon.json key"));
    std::reverse(keys.begin(), keys.end());
    s.target.keys = std::move(keys);
  }
};
template <>
struct action<g::modprobe_target> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.target.kind = TargetKind::Modprobe;
    s.target.pos = target_pos(in);
    s.target.module = s.module;
    s.target.keys = {s.ident};
  }
};
template <>
struct action<g::vmx_target> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.target.kind = TargetKind::Vmx;
    s.target.pos = target_pos(in);
    s.target.path = pop(s);  // the key: a string, may interpolate ("ethernet{e.index}.x")
    s.target.subject = pop(s);
  }
};
// `=`, `>=`, `<=` or `covers` between a set target and its value.
template <SetOp Op>
struct set_op_action {
  template <class Input>
  static void apply(const Input&, ParseState& s) {
    s.set_op = Op;
  }
};
template <>
struct action<g::set_at_least> : set_op_action<SetOp::AtLeast> {};
template <>
struct action<g::set_at_most> : set_op_action<SetOp::AtMost> {};
template <>
struct action<g::set_covers> : set_op_action<SetOp::Covers> {};
template <>
struct action<g::set_assign> : set_op_action<SetOp::Assign> {};
template <>
struct action<g::set_stmt> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    Statement st;
    st.kind = StmtKind::Set;
    st.op = s.set_op;
    s.set_op = SetOp::Assign;
    st.pos = pos_of(in, 3);
    st.value = pop(s);
    st.target = std::move(s.target);
    s.rule->body.push_back(std::move(st));
  }
};
template <>
struct action<g::advise_stmt> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    Statement st;
    st.kind = StmtKind::Advise;
    st.pos = pos_of(in, 6);
    st.message = pop(s);
    s.rule->body.push_back(std::move(st));
  }
};
template <>
struct action<g::check_stmt> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    Statement st;
    st.kind = StmtKind::Check;
    st.pos = pos_of(in, 5);
    st.message = pop(s);
    st.value = pop(s);
    s.rule->body.push_back(std::move(st));
  }
};

// ---- rules ----
template <>
struct action<g::rule_start> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.rule = std::make_unique<RuleDecl>();
    s.rule->pos = pos_of(in, 4);
    s.rule->file = s.file_index;
    s.rule->begin_offset = static_cast<uint32_t>(in.iterator().byte);
    s.seen_attrs.clear();
  }
};
template <>
struct action<g::rule_id> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.rule->id = std::string(word_of(in.string_view()));
    s.rule->id_pos = pos_of(in, s.rule->id.size());
  }
};
template <>
struct action<g::rule_title> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.rule->title = constant_text(s, "a rule title");
  }
};
template <>
struct action<g::severity_value> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    note_attr(s, "severity", pos_of(in, token_length(in.string_view())));
    s.rule->attrs.severity = std::string(word_of(in.string_view()));
  }
};
template <>
struct action<g::tag> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.rule->attrs.tags.emplace_back(word_of(in.string_view()));
  }
};
template <>
struct action<g::tags_attr> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    note_attr(s, "tags", pos_of(in, 4));
  }
};
template <>
struct action<g::text_attr> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    std::string_view w = word_of(in.string_view());
    note_attr(s, w, pos_of(in, w.size()));
    std::string text = constant_text(s, "a rule attribute");
    RuleAttrs& a = s.rule->attrs;
    (w == "reference"   ? a.reference
     : w == "rationale" ? a.rationale
                        : a.practice) = std::move(text);
  }
};
template <>
struct action<g::disruption_value> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    note_attr(s, "disruption", pos_of(in, token_length(in.string_view())));
    s.rule->attrs.disruption = std::string(word_of(in.string_view()));
  }
};
template <>
struct action<g::reboot_value> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    note_attr(s, "reboot", pos_of(in, token_length(in.string_view())));
    s.rule->attrs.reboot = word_of(in.string_view()) == "true";
  }
};
template <>
struct action<g::priority_value> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    note_attr(s, "priority", pos_of(in, token_length(in.string_view())));
    std::optional<int64_t> v =
        parse_int(trim(in.string_view().substr(0, token_length(in.string_view()))));
    if (!v) raise(in, "VT0103|priority is out of range");
    s.rule->attrs.priority = *v;
  }
};
template <>
struct action<g::when_clause> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    Pos pos = pos_of(in, 4);
    note_attr(s, "when", pos);
    s.rule->when = pop(s);
    s.rule->when_pos = pos;
  }
};
template <>
struct action<g::loop_var> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    auto e = make(ExprKind::Name, pos_of(in, token_length(in.string_view())));
    e->name = std::string(word_of(in.string_view()));
    s.stack.push_back(std::move(e));
  }
};
// A rule-local let's name is pushed as a loop variable's is.
template <>
struct action<g::let_var> : action<g::loop_var> {};
template <>
struct action<g::kw<g::k_let>> {
  template <class Input>
  static void apply(const Input&, ParseState& s) {
    s.where.reset();
  }
};
template <>
struct action<g::rule_let> {
  template <class Input>
  static void apply(const Input&, ParseState& s) {
    ForClause f;
    f.single = true;
    f.list = pop(s);
    ExprPtr var = pop(s);
    f.var = var->name;
    f.pos = var->pos;
    f.where = std::move(s.where);
    s.rule->loops.push_back(std::move(f));
  }
};
template <>
struct action<g::where_clause> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.where = pop(s);
  }
};
template <>
struct action<g::kw<g::k_for>> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.where.reset();
  }
};
template <>
struct action<g::for_clause> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    ForClause f;
    f.list = pop(s);
    ExprPtr var = pop(s);
    f.var = var->name;
    f.pos = var->pos;
    f.where = std::move(s.where);
    s.rule->loops.push_back(std::move(f));
  }
};
template <>
struct action<g::rule_decl> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    s.rule->end_offset = static_cast<uint32_t>(in.iterator().byte + token_length(in.string_view()));
    s.file.rules.push_back(std::move(s.rule));
  }
};
template <>
struct action<g::decl_name> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    auto e = make(ExprKind::Name, pos_of(in, token_length(in.string_view())));
    e->name = std::string(word_of(in.string_view()));
    s.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::let_decl> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    auto d = std::make_unique<LetDecl>();
    d->value = pop(s);
    ExprPtr n = pop(s);
    d->name = n->name;
    d->pos = n->pos;
    d->file = s.file_index;
    s.file.lets.push_back(std::move(d));
  }
};
template <>
struct action<g::param_decl> {
  template <class Input>
  static void apply(const Input& in, ParseState& s) {
    auto d = std::make_unique<ParamDecl>();
    d->value = pop(s);
    ExprPtr n = pop(s);
    d->name = n->name;
    d->pos = n->pos;
    d->file = s.file_index;
    s.file.params.push_back(std::move(d));
  }
};

// Rules whose recursion a hostile input could drive arbitrarily deep.
template <class Rule>
inline constexpr bool kNests = std::is_same_v<Rule, g::expr> || std::is_same_v<Rule, g::negated> ||
                               std::is_same_v<Rule, g::negation>;

template <class Rule>
struct control : pegtl::must_if<g::errors>::control<Rule> {
  using base = typename pegtl::must_if<g::errors>::template control<Rule>;

  template <class Input>
  static void start(const Input& in, ParseState& s) {
    s.marks.push_back(s.stack.size());
    if constexpr (kNests<Rule>) {
      if (++s.nesting > kMaxNesting)
        throw pegtl::parse_error(
            "VT0102|expression nested more than " + std::to_string(kMaxNesting) + " levels deep",
            in);
    }
  }
  template <class Input>
  static void success(const Input&, ParseState& s) {
    s.marks.pop_back();
    if constexpr (kNests<Rule>) --s.nesting;
  }
  template <class Input>
  static void failure(const Input& in, ParseState& s) {
    s.stack.resize(s.marks.back());
    s.marks.pop_back();
    if constexpr (kNests<Rule>) --s.nesting;
    base::failure(in, s);
  }
};

}  // namespace

bool parse_file(std::string_view text, const std::string& path, size_t file_index, RuleFile& out,
                Diagnostics& diags) {
  out.path = path;
  const size_t errors_before = diags.error_count();
  ParseState state(out, file_index, diags);
  pegtl::memory_input in(text.data(), text.size(), path);
  try {
    pegtl::parse<g::file, action, control>(in, state);
  } catch (const pegtl::parse_error& e) {
    std::string_view msg = e.message();
    std::string code = "VT0101";
    if (size_t bar = msg.find('|'); bar == 6) {
      code = std::string(msg.substr(0, 6));
      msg.remove_prefix(7);
    }
    SourceSpan span{path, 0, 0, 1};
    if (!e.positions().empty()) {
      span.line = static_cast<uint32_t>(e.positions().front().line);
      span.column = static_cast<uint32_t>(e.positions().front().column);
    }
    diags.error(code, span, std::string(msg));
    return false;
  }
  return diags.error_count() == errors_before;
}

}  // namespace vtune::lang
