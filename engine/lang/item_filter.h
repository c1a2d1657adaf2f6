#pragma once
// Shared item filters for `for x in LIST where COND` over a facts list.
//
// Rules that loop over the same list often begin their `where` with the same test of the
// item alone (`not (n.virtual ?? false)`, `n.driver == "ixgbe"`). Such a test reads only the
// loop variable and constants, so its value for an element is the same in every rule. The
// evaluator computes it once per element and evaluation, and in every rule whose `where`
// begins with it skips the elements where it is false: `false and ...` is false, quotes no
// reasons and raises no error, so skipping them changes nothing. Every other element is
// evaluated as before.
//
// This file finds the test and gives it a canonical key; the evaluator keeps the filters.
#include <string>

#include "engine/lang/ast.h"

namespace vtune::lang {

// The largest leading conjunct of `where` (`where` itself, or the left side of an `and`,
// recursively) that reads nothing but the variable in `slot`: literals, member and index
// accesses, operators. Null when there is none. `key` receives a canonical text of it that
// two conjuncts share only when they compute the same thing (variable names aside; static
// types included, as they steer how facts are read).
const Expr* leading_item_test(const Expr& where, int slot, std::string& key);

// Whether `e` reads nothing but the variable in `slot`; appends its canonical text to `key`.
bool item_only(const Expr& e, int slot, std::string& key);

// A canonical text of a static type (kind, quantity kind, element type).
void append_type_key(const Type& t, std::string& key);

}  // namespace vtune::lang
