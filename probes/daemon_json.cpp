#include "probes/daemon_json.h"

#include "engine/core/text_escape.h"

#include <algorithm>

#include "engine/core/text.h"

namespace vtune {
namespace {

constexpr std::string_view kSyntaxHint =
    "dockerd refuses to start with an invalid daemon.json; fix the JSON (it allows no comments "
    "and no trailing commas) and check it with `dockerd --validate --config-file <file>`";

Diagnostic make_error(std::string_view code, std::string_view text, size_t offset,
                      std::string_view file, std::string message, std::string_view hint) {
  LineColumn at = line_column_at(text, offset);
  Diagnostic d;
  d.code = std::string(code);
  d.severity = Severity::Error;
  d.span = SourceSpan{std::string(file), at.line, at.column, 1};
  d.message = valid_utf8(message);
  d.hint = std::string(hint);
  return d;
}

// Where nesting first goes past the limit, or npos. Brackets inside strings do not count.
size_t too_deep_at(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kDaemonJsonMaxDepth) return i;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return std::string_view::npos;
}

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line 4, column 1:
// syntax error ..."; the position is ours to report, so keep only the description.
std::string describe_parse_error(std::string_view what) {
  size_t colon = what.find(": ");
  if (starts_with(what, "[json.exception.") && colon != std::string_view::npos)
    return std::string(what.substr(colon + 2));
  return std::string(what);
}

bool is_literal_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '+' || c == '-';
}

// nlohmann reports an unexpected token at its last byte; a reader wants its first.
size_t token_start(std::string_view text, size_t last) {
  if (text[last] == '"') {
    for (size_t j = last; j-- > 0;) {
      if (text[j] == '\n') break;
      if (text[j] != '"') continue;
      size_t backslashes = 0;
      while (j > backslashes && text[j - backslashes - 1] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return j;
    }
    return last;
  }
  size_t start = last;
  while (start > 0 && is_literal_char(text[start]) && is_literal_char(text[start - 1])) --start;
  return start;
}

Diagnostic syntax_error(std::string_view text, size_t byte, std::string_view what,
                        std::string_view file) {
  // nlohmann reports the 1-based count of bytes read, so the offending byte is one before.
  size_t offset = std::min(byte > 0 ? byte - 1 : 0, text.size());
  if (offset < text.size() && (text[offset] == '}' || text[offset] == ']')) {
    size_t prev = text.find_last_not_of(" \t\r\n", offset == 0 ? 0 : offset - 1);
    if (offset > 0 && prev != std::string_view::npos && text[prev] == ',')
      return make_error("VT0301", text, prev, file,
                        std::string("trailing comma before '") + text[offset] + "'",
                        "JSON allows no comma after the last member; remove this comma");
  }
  if (offset + 1 < text.size() && text[offset] == '/' &&
      (text[offset + 1] == '/' || text[offset + 1] == '*'))
    return make_error("VT0301", text, offset, file, "comments are not allowed in daemon.json",
                      "dockerd parses daemon.json as strict JSON; remove the comment");
  std::string message = describe_parse_error(what);
  if (offset < text.size() && message.find(" - unexpected ") != std::string::npos)
    offset = token_start(text, offset);
  return make_error("VT0301", text, offset, file, std::move(message), kSyntaxHint);
}

}  // namespace

LineColumn line_column_at(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  std::string_view before = text.substr(0, offset);
  LineColumn at;
  at.line = 1 + static_cast<uint32_t>(std::count(before.begin(), before.end(), '\n'));
  size_t nl = before.rfind('\n');
  size_t line_start = nl == std::string_view::npos ? 0 : nl + 1;
  at.column = static_cast<uint32_t>(offset - line_start + 1);
  return at;
}

DaemonJsonParse parse_daemon_json(std::string_view text, std::string_view file) {
  DaemonJsonParse out;
  if (trim(text).empty()) {
    out.config = Facts::object();
    return out;
  }
  if (size_t deep = too_deep_at(text); deep != std::string_view::npos) {
    out.error = make_error("VT0303", text, deep, file,
                           "nesting deeper than " + std::to_string(kDaemonJsonMaxDepth) + " levels",
                           "no dockerd option nests this deep; the file is likely corrupt");
    return out;
  }
  try {
    Facts parsed = Facts::parse(text.begin(), text.end());
    if (!parsed.is_object()) {
      size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
      out.error = make_error(
          "VT0302", text, first == std::string_view::npos ? 0 : first, file,
          std::string("the top level is ") + parsed.type_name() + ", not an object",
          "daemon.json holds one JSON object of options, e.g. {\"log-driver\": \"json-file\"}");
      return out;
    }
    out.config = std::move(parsed);
  } catch (const Facts::parse_error& e) {
    out.error = syntax_error(text, e.byte, e.what(), file);
  } catch (const Facts::exception& e) {
    // Other nlohmann failures carry no position; report them at the start of the file.
    out.error = make_error("VT0301", text, 0, file, describe_parse_error(e.what()), kSyntaxHint);
  }
  return out;
}

std::string valid_utf8(std::string_view s) {
  return replace_invalid_utf8(s);
}

}  // namespace vtune
