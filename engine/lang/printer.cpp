#include "engine/lang/printer.h"

#include <cstdio>
#include <cstdlib>

namespace vtune::lang {
namespace {

bool is_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

std::string escape_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '{':
        out += "\\{";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string print_float(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  // Shortest form that reads back the same value.
  for (int prec = 1; prec < 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) {
      s = buf;
      break;
    }
  }
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

std::string join_args(const std::vector<ExprPtr>& args, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < args.size(); ++i) {
    if (i > from) out += ", ";
    out += print_expr(*args[i]);
  }
  return out;
}

}  // namespace

std::string print_string_literal(std::string_view text) {
  return "\"" + escape_text(text) + "\"";
}

std::string print_expr(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Null:
      return "null";
    case ExprKind::Bool:
      return e.boolean ? "true" : "false";
    case ExprKind::Int:
      return std::to_string(e.integer);
    case ExprKind::Float:
      return print_float(e.real);
    case ExprKind::Quantity:
      return format_quantity(Quantity{e.integer, e.qkind});
    case ExprKind::String: {
      std::string out = "\"";
      for (const StringPart& p : e.parts)
        out += p.hole ? "{" + print_expr(*p.hole) + "}" : escape_text(p.text);
      return out + "\"";
    }
    case ExprKind::List:
      return "[" + join_args(e.args) + "]";
    case ExprKind::Name:
      return e.name;
    case ExprKind::Param:
      return "param." + e.name;
    case ExprKind::Member:
      return print_expr(*e.args[0]) + "." +
             (is_identifier(e.name) ? e.name : print_string_literal(e.name));
    case ExprKind::Index:
      return print_expr(*e.args[0]) + "[" + print_expr(*e.args[1]) + "]";
    case ExprKind::Call:
      return e.name + "(" + join_args(e.args) + ")";
    case ExprKind::Quantifier:
      return e.name + "(" + e.var + " in " + print_expr(*e.args[0]) + ": " +
             print_expr(*e.args[1]) + ")";
    case ExprKind::Unary:
      return e.op == Op::Not ? "(not " + print_expr(*e.args[0]) + ")"
                             : "(-" + print_expr(*e.args[0]) + ")";
    case ExprKind::Binary:
      return "(" + print_expr(*e.args[0]) + " " + std::string(op_text(e.op)) + " " +
             print_expr(*e.args[1]) + ")";
  }
  return "?";
}

std::string print_target(const Target& t) {
  switch (t.kind) {
    case TargetKind::Sysctl:
      return "sysctl " + print_expr(*t.path);
    case TargetKind::Sysfs:
      return "sysfs " + print_expr(*t.path);
    case TargetKind::Ethtool:
      return "ethtool(" + print_expr(*t.subject) + ")." + t.group + "." + t.keys.at(0);
    case TargetKind::EthtoolFeature:
      return "ethtool(" + print_expr(*t.subject) + ").feature." +
             print_string_literal(t.keys.at(0));
    case TargetKind::IrqAffinity:
    case TargetKind::Rps:
    case TargetKind::RpsFlow:
    case TargetKind::Xps:
      return std::string(target_kind_name(t.kind)) + "(" + print_expr(*t.subject) + ", " +
             print_expr(*t.queue) + ")";
    case TargetKind::DaemonJson: {
      std::string out = "daemon_json";
      for (const std::string& k : t.keys) out += "." + print_string_literal(k);
      return out;
    }
    case TargetKind::Modprobe:
      return "modprobe(" + t.module + ")." + t.keys.at(0);
    case TargetKind::Vmx:
      return "vmx(" + print_expr(*t.subject) + ")." + print_expr(*t.path);
  }
  return "?";
}

std::string print_rule(const RuleDecl& r) {
  std::string out = "rule " + r.id + " " + print_string_literal(r.title) + " {\n";
  const RuleAttrs& a = r.attrs;
  if (!a.severity.empty()) out += "  severity " + a.severity + "\n";
  if (!a.tags.empty()) {
    out += "  tags [";
    for (size_t i = 0; i < a.tags.size(); ++i) out += (i ? ", " : "") + a.tags[i];
    out += "]\n";
  }
  if (!a.practice.empty()) out += "  practice " + print_string_literal(a.practice) + "\n";
  if (!a.reference.empty()) out += "  reference " + print_string_literal(a.reference) + "\n";
  if (!a.rationale.empty()) out += "  rationale " + print_string_literal(a.rationale) + "\n";
  if (!a.disruption.empty()) out += "  disruption " + a.disruption + "\n";
  if (a.reboot) out += std::string("  reboot ") + (*a.reboot ? "true" : "false") + "\n";
  if (a.priority != 0) out += "  priority " + std::to_string(a.priority) + "\n";
  if (r.when) out += "  when " + print_expr(*r.when) + "\n";
  for (const ForClause& f : r.loops) {
    out += (f.single ? "  let " + f.var + " = " : "  for " + f.var + " in ") + print_expr(*f.list);
    if (f.where) out += " where " + print_expr(*f.where);
    out += "\n";
  }
  for (const Statement& s : r.body) {
    switch (s.kind) {
      case StmtKind::Set:
        out += "  set " + print_target(s.target) + " " + std::string(set_op_text(s.op)) + " " +
               print_expr(*s.value) + "\n";
        break;
      case StmtKind::Advise:
        out += "  advise " + print_expr(*s.message) + "\n";
        break;
      case StmtKind::Check:
        out += "  check " + print_expr(*s.value) + " " + print_expr(*s.message) + "\n";
        break;
    }
  }
  return out + "}\n";
}

std::string print_file(const RuleFile& f) {
  std::string out;
  for (const auto& l : f.lets) out += "let " + l->name + " = " + print_expr(*l->value) + "\n";
  for (const auto& p : f.params) out += "param " + p->name + " = " + print_expr(*p->value) + "\n";
  for (const auto& r : f.rules) out += print_rule(*r);
  return out;
}

}  // namespace vtune::lang
