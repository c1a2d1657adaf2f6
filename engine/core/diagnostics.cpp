#include "engine/core/diagnostics.h"
#include "engine/core/text_escape.h"
#include "engine/core/utf8_input.h"

#include <algorithm>
#include <cstdio>

#include "engine/core/text.h"

namespace vtune {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

std::string_view SourceFiles::line(std::string_view file, uint32_t line) const {
  auto it = files_.find(file);
  if (it == files_.end() || line == 0) return {};
  std::string_view text = it->second;
  for (uint32_t n = 1; n < line; ++n) {
    size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return {};
    text.remove_prefix(nl + 1);
  }
  return text.substr(0, text.find('\n'));
}

void Diagnostics::error(std::string code, SourceSpan span, std::string message, std::string hint) {
  add({std::move(code), Severity::Error, std::move(span), std::move(message), std::move(hint)});
}

void Diagnostics::warning(std::string code, SourceSpan span, std::string message,
                          std::string hint) {
  add({std::move(code), Severity::Warning, std::move(span), std::move(message), std::move(hint)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const {
  return error_count() > 0;
}

size_t Diagnostics::error_count() const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::Error;
  }));
}

size_t Diagnostics::warning_count() const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::Warning;
  }));
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.span.file, a.span.line, a.span.column) <
           std::tie(b.span.file, b.span.line, b.span.column);
  });
}

std::string render_diagnostic(const Diagnostic& d, const SourceFiles& sources, bool color) {
  const char* bold = color ? "\033[1m" : "";
  const char* reset = color ? "\033[0m" : "";
  const char* sev_color = !color                            ? ""
                          : d.severity == Severity::Error   ? "\033[1;31m"
                          : d.severity == Severity::Warning ? "\033[1;33m"
                                                            : "\033[1;36m";
  std::string out = bold + d.span.file;
  if (d.span.line > 0) {
    out += ":" + std::to_string(d.span.line);
    if (d.span.column > 0) out += ":" + std::to_string(d.span.column);
  }
  out += std::string(":") + reset + " " + sev_color + std::string(severity_name(d.severity)) + "[" +
         d.code + "]" + reset + ": " + escape_control(d.message) + "\n";
  std::string_view src = sources.line(d.span.file, d.span.line);
  if (!src.empty()) {
    std::string num = std::to_string(d.span.line);
    std::string pad(num.size(), ' ');
    // The excerpt is the user's file: escape controls so a rule string cannot command the
    // terminal, and line the caret up under the escaped text.
    out += " " + num + " | " + escape_control_line(src) + "\n";
    if (d.span.column > 0) {
      std::string marker;
      std::string before =
          escape_control_line(src.substr(0, std::min<size_t>(d.span.column - 1, src.size())));
      // Keep tabs so the caret lines up under the offending text; one space per character.
      for (char c : before)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) marker += c == '\t' ? '\t' : ' ';
      marker += '^';
      if (d.span.length > 1) marker += std::string(d.span.length - 1, '~');
      out += " " + pad + " | " + sev_color + marker + reset + "\n";
    }
  }
  if (!d.hint.empty()) out += "hint: " + escape_control(d.hint) + "\n";
  return out;
}

std::string render_diagnostics(const Diagnostics& ds, const SourceFiles& sources, bool color) {
  std::string out;
  for (const Diagnostic& d : ds.items()) out += render_diagnostic(d, sources, color);
  return out;
}

Json diagnostic_to_json(const Diagnostic& d) {
  Json j = Json::object();
  j["file"] = d.span.file;
  j["line"] = d.span.line;
  j["column"] = d.span.column;
  j["length"] = d.span.length;
  j["severity"] = std::string(severity_name(d.severity));
  j["code"] = d.code;
  j["message"] = d.message;
  j["hint"] = d.hint.empty() ? Json(nullptr) : Json(d.hint);
  return j;
}

Json diagnostics_to_json(const Diagnostics& ds) {
  Json list = Json::array();
  for (const Diagnostic& d : ds.items()) list.push_back(diagnostic_to_json(d));
  return list;
}

bool require_utf8(std::string_view file, std::string_view text, Diagnostics& diags) {
  std::optional<size_t> bad = find_invalid_utf8(text);
  if (!bad) return true;
  size_t line_start = text.rfind('\n', *bad == 0 ? 0 : *bad - 1);
  line_start = line_start == std::string_view::npos || *bad == 0 ? 0 : line_start + 1;
  uint32_t line = 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + *bad, '\n'));
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[*bad]));
  diags.error("VT0390", {std::string(file), line, static_cast<uint32_t>(*bad - line_start + 1), 1},
              std::string("not valid UTF-8: byte ") + byte +
                  " does not start or continue a "
                  "UTF-8 character",
              "save the file as UTF-8 (iconv -f LATIN1 -t UTF-8 FILE, or re-type the character)");
  return false;
}

}  // namespace vtune
