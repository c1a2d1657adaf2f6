#pragma once
// Parsing one .vtr file: a pure function from text to our AST. Syntax errors become
// diagnostics with file:line:col; nothing throws out of here.
#include <string>
#include <string_view>

#include "engine/core/diagnostics.h"
#include "engine/lang/ast.h"

namespace vtune::lang {

// Expressions nested deeper than this (parentheses, 'not', unary '-') are rejected, so a
// hostile file cannot exhaust the stack of the parser or of the later passes.
inline constexpr int kMaxNesting = 96;
// The height of one expression tree (e.g. a long chain of 'and') is bounded too.
inline constexpr int kMaxExprHeight = 1000;

// Parses `text` (the contents of `path`) into `out`. Returns false, with diagnostics, on a
// syntax error; `out` then holds what was read before the error and must not be used.
bool parse_file(std::string_view text, const std::string& path, size_t file_index, RuleFile& out,
                Diagnostics& diags);

}  // namespace vtune::lang
