#include "engine/lang/ast.h"

namespace vtune::lang {

std::string_view op_text(Op op) {
  switch (op) {
    case Op::None:
      return "";
    case Op::Coalesce:
      return "??";
    case Op::Or:
      return "or";
    case Op::And:
      return "and";
    case Op::Not:
      return "not";
    case Op::Eq:
      return "==";
    case Op::Ne:
      return "!=";
    case Op::Lt:
      return "<";
    case Op::Le:
      return "<=";
    case Op::Gt:
      return ">";
    case Op::Ge:
      return ">=";
    case Op::In:
      return "in";
    case Op::Add:
      return "+";
    case Op::Sub:
      return "-";
    case Op::Mul:
      return "*";
    case Op::Div:
      return "/";
    case Op::Mod:
      return "%";
    case Op::Neg:
      return "-";
  }
  return "";
}

std::string_view set_op_text(SetOp op) {
  switch (op) {
    case SetOp::AtLeast:
      return ">=";
    case SetOp::AtMost:
      return "<=";
    case SetOp::Covers:
      return "covers";
    default:
      return "=";
  }
}

std::string_view target_kind_name(TargetKind k) {
  switch (k) {
    case TargetKind::Sysctl:
      return "sysctl";
    case TargetKind::Sysfs:
      return "sysfs";
    case TargetKind::Ethtool:
      return "ethtool";
    case TargetKind::EthtoolFeature:
      return "ethtool";
    case TargetKind::IrqAffinity:
      return "irq_affinity";
    case TargetKind::Rps:
      return "rps";
    case TargetKind::RpsFlow:
      return "rps_flow";
    case TargetKind::Xps:
      return "xps";
    case TargetKind::DaemonJson:
      return "daemon_json";
    case TargetKind::Modprobe:
      return "modprobe";
    case TargetKind::Vmx:
      return "vmx";
  }
  return "";
}

bool Expr::is_literal_text() const {
  if (kind != ExprKind::String) return false;
  for (const StringPart& p : parts)
    if (p.hole) return false;
  return true;
}

std::string Expr::literal_text() const {
  std::string out;
  for (const StringPart& p : parts)
    if (!p.hole) out += p.text;
  return out;
}

SourceSpan to_span(const std::string& file, Pos pos) {
  return SourceSpan{file, pos.line, pos.column, pos.length};
}

}  // namespace vtune::lang
