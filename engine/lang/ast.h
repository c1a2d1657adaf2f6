#pragma once
// The rule language's syntax tree: our own nodes (not PEGTL's), each carrying the position
// it was parsed from. The parser builds it; resolve and typecheck annotate it in place
// (name bindings, static types, slots); the evaluator only reads it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/diagnostics.h"
#include "engine/core/quantity.h"
#include "engine/lang/types.h"

namespace vtune::lang {

// A position inside one file; the file is known from the declaration that holds the node,
// so nodes do not each carry a copy of the file name.
struct Pos {
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t length = 1;
};

enum class ExprKind : uint8_t {
  Null,
  Bool,
  Int,
  Float,
  Quantity,
  String,
  List,
  Name,        // a fact root, a let, or a loop/quantifier variable
  Param,       // param.NAME
  Member,      // args[0].name  (from .IDENT or ."STRING")
  Index,       // args[0][args[1]]
  Call,        // name(args...)
  Quantifier,  // name in {any, all, count}: (var in args[0]: args[1])
  Unary,       // op in {Not, Neg}
  Binary,
};

enum class Op : uint8_t {
  None,
  Coalesce,
  Or,
  And,
  Not,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  In,
  Add,
  Sub,
  Mul,
  Div,
  Mod,
  Neg,
};
std::string_view op_text(Op op);

// What a Name refers to; filled in by the resolve pass.
enum class NameKind : uint8_t { Unresolved, FactRoot, Let, Variable };

struct Expr;
struct LetDecl;
using ExprPtr = std::unique_ptr<Expr>;

// A string literal is literal text with {expr} holes; each part is one or the other.
struct StringPart {
  std::string text;
  ExprPtr hole;
};

struct Expr {
  ExprKind kind = ExprKind::Null;
  Op op = Op::None;
  Pos pos;
  bool boolean = false;
  int64_t integer = 0;  // Int, and Quantity (in base units)
  double real = 0;
  QuantityKind qkind = QuantityKind::Size;
  std::string name;  // Name, Param, Member key, Call function, Quantifier kind
  std::string var;   // Quantifier variable
  std::vector<StringPart> parts;
  std::vector<ExprPtr> args;
  uint16_t depth = 1;    // height of this subtree; bounded by the parser
  bool partial = false;  // parser bookkeeping: an opener whose closer has not been seen

  // Annotations from resolve and typecheck.
  NameKind name_kind = NameKind::Unresolved;
  const LetDecl* let = nullptr;          // NameKind::Let
  int slot = -1;                         // NameKind::Variable, and Quantifier's own variable
  Type type;                             // the static type; Any until typecheck
  uint32_t id = 0;                       // dense number for the evaluator's side tables
  bool reason = false;                   // a fact read whose value is worth quoting in reasons
  std::shared_ptr<const void> compiled;  // e.g. a compiled regex for matches()

  bool is_literal_text() const;  // a String with no holes
  std::string literal_text() const;
};

enum class TargetKind : uint8_t {
  Sysctl,
  Sysfs,
  Ethtool,
  EthtoolFeature,
  IrqAffinity,
  Rps,
  RpsFlow,
  Xps,
  DaemonJson,
  Modprobe,
  Vmx,
};
std::string_view target_kind_name(TargetKind k);
// The characters of a .vmx key: "ethernet0.virtualDev", "scsi0:1.virtualSSD".
inline bool is_vmx_key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == ':' || c == '_' ||
         c == '-';
}  // the knob prefix: "sysctl", "rps_flow", ...

struct Target {
  TargetKind kind = TargetKind::Sysctl;
  Pos pos;
  ExprPtr path;                   // Sysctl, Sysfs, Vmx: the key or path (a String, may interpolate)
  ExprPtr subject;                // Ethtool*, IrqAffinity, Rps*, Xps: the NIC; Vmx: the .vmx file
  ExprPtr queue;                  // IrqAffinity, Rps*, Xps: the queue index
  std::string group;              // Ethtool: ring | coalesce | channels
  std::string module;             // Modprobe
  std::vector<std::string> keys;  // Ethtool: {field}; feature/modprobe: {key}; daemon_json path
};

enum class StmtKind : uint8_t { Set, Advise, Check };

// How a `set` relates the knob to its value: `=` an exact value; `>=` a floor and `<=` a
// ceiling (per element for a list); `covers` a range [low, high] the knob's range must
// contain (low <= low bound, high >= high bound).
enum class SetOp : uint8_t { Assign, AtLeast, AtMost, Covers };
std::string_view set_op_text(SetOp op);  // "=", ">=", "<=", "covers"

struct Statement {
  StmtKind kind = StmtKind::Set;
  SetOp op = SetOp::Assign;  // Set
  Pos pos;
  Target target;    // Set
  ExprPtr value;    // Set: the value; Check: the condition
  ExprPtr message;  // Advise: the text; Check: the message on failure
};

// A `for` clause, or a rule-local `let NAME = expr [where expr]` (single: the variable is
// bound to the value itself, once). Both nest in source order.
struct ForClause {
  std::string var;
  Pos pos;
  bool single = false;  // a rule-local let
  ExprPtr list;         // the list, or the let's value
  ExprPtr where;        // may be null
  int slot = -1;
};

struct RuleAttrs {
  std::string severity;  // info | low | medium | high; empty when not given
  std::vector<std::string> tags;
  std::string reference, rationale, practice;
  std::string disruption;  // none | low | high; empty when not given
  std::optional<bool> reboot;
  int64_t priority = 0;
};

struct RuleDecl {
  std::string id;
  Pos id_pos;
  std::string title;
  Pos pos;                                    // the 'rule' keyword
  uint32_t end_offset = 0, begin_offset = 0;  // byte range of the whole rule in its file
  RuleAttrs attrs;
  ExprPtr when;
  Pos when_pos;
  std::vector<ForClause> loops;
  std::vector<Statement> body;
  size_t file = 0;  // index into RuleLibrary::files
  int slots = 0;    // variables the rule needs (loops and quantifiers)
};

struct LetDecl {
  std::string name;
  Pos pos;
  ExprPtr value;
  size_t file = 0;
  int slots = 0;
  uint32_t index = 0;  // dense number for the evaluator's let cache
  bool used = false;
};

struct ParamDecl {
  std::string name;
  Pos pos;
  ExprPtr value;
  size_t file = 0;
};

// One parsed .vtr file, in source order.
struct RuleFile {
  std::string path;
  std::vector<std::unique_ptr<LetDecl>> lets;
  std::vector<std::unique_ptr<ParamDecl>> params;
  std::vector<std::unique_ptr<RuleDecl>> rules;
};

SourceSpan to_span(const std::string& file, Pos pos);

}  // namespace vtune::lang
