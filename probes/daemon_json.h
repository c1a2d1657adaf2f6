#pragma once
// Docker's daemon.json: parsed into an ordered tree (key order kept, so a later rewrite can
// leave the user's layout alone), or a diagnostic with the line and column of the problem.
// dockerd reads it with Go's encoding/json: no comments, no trailing commas.
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/diagnostics.h"
#include "engine/facts/facts.h"

namespace vtune {

// Deeper nesting than this is refused: dockerd's own options nest three levels, and a
// pathological file must not exhaust the stack of whatever later walks the tree.
inline constexpr int kDaemonJsonMaxDepth = 64;

struct DaemonJsonParse {
  std::optional<Facts> config;      // the top-level object, when the file is valid
  std::optional<Diagnostic> error;  // VT0301..VT0303, when it is not
};

// `file` names the file in the diagnostic. Never throws. Like dockerd, an empty (or
// all-whitespace) file is an empty configuration.
DaemonJsonParse parse_daemon_json(std::string_view text, std::string_view file);

// 1-based line and byte column of a byte offset in `text` (offset == size is the end).
struct LineColumn {
  uint32_t line = 1;
  uint32_t column = 1;
};
LineColumn line_column_at(std::string_view text, size_t offset);

// `s` with every byte that is not part of well-formed UTF-8 replaced by U+FFFD. Host files
// (a Latin-1 .vmx, a mount point with raw bytes) may hold any bytes, but the facts tree is
// JSON and must always serialise.
std::string valid_utf8(std::string_view s);

}  // namespace vtune
