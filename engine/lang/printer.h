#pragma once
// The canonical printed form of the AST: one attribute or statement per line, binary and
// unary operations fully parenthesised, literals normalised (128MiB, "a\"b"). Golden tests
// compare it, and the conflict finder uses it to compare targets and values.
#include <string>

#include "engine/lang/ast.h"

namespace vtune::lang {

std::string print_expr(const Expr& e);
std::string print_string_literal(std::string_view text);
std::string print_target(const Target& t);
std::string print_rule(const RuleDecl& r);
std::string print_file(const RuleFile& f);

}  // namespace vtune::lang
