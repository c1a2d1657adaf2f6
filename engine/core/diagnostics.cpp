#include "engine/core/diagnostics.h"

#include <algorithm>

namespace vtune {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
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

void Diagnostics::error(std::string code, SourceSpan span, std::string message,
                        std::string hint) {
  add({std::move(code), Severity::Error, std::move(span), std::move(message), std::move(hint)});
}

void Diagnostics::warning(std::string code, SourceSpan span, std::string message,
                          std::string hint) {
  add({std::move(code), Severity::Warning, std::move(span), std::move(message),
       std::move(hint)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

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
  out += std::string(":") + reset + " " + sev_color + std::string(severity_name(d.severity)) +
         "[" + d.code + "]" + reset + ": " + d.message + "\n";
  std::string_view src = sources.line(d.span.file, d.span.line);
  if (!src.empty()) {
    std::string num = std::to_string(d.span.line);
    std::string pad(num.size(), ' ');
    out += " " + num + " | " + std::string(src) + "\n";
    if (d.span.column > 0) {
      std::string marker;
      // Keep tabs so the caret lines up under the offending text.
      for (uint32_t i = 0; i + 1 < d.span.column && i < src.size(); ++i)
        marker += src[i] == '\t' ? '\t' : ' ';
      marker += '^';
      if (d.span.length > 1) marker += std::string(d.span.length - 1, '~');
      out += " " + pad + " | " + sev_color + marker + reset + "\n";
    }
  }
  if (!d.hint.empty()) out += "hint: " + d.hint + "\n";
  return out;
}

std::string render_diagnostics(const Diagnostics& ds, const SourceFiles& sources, bool color) {
  std::string out;
  for (const Diagnostic& d : ds.items()) out += render_diagnostic(d, sources, color);
  return out;
}

Facts diagnostic_to_json(const Diagnostic& d) {
  Facts j = Facts::object();
  j["file"] = d.span.file;
  j["line"] = d.span.line;
  j["column"] = d.span.column;
  j["length"] = d.span.length;
  j["severity"] = std::string(severity_name(d.severity));
  j["code"] = d.code;
  j["message"] = d.message;
  j["hint"] = d.hint.empty() ? Facts(nullptr) : Facts(d.hint);
  return j;
}

Facts diagnostics_to_json(const Diagnostics& ds) {
  Facts list = Facts::array();
  for (const Diagnostic& d : ds.items()) list.push_back(diagnostic_to_json(d));
  return list;
}

std::vector<DiagnosticCode> all_diagnostic_codes() {
  std::vector<DiagnosticCode> all;
  for (auto table : {kLangCodes, kProfileCodes, kInputCodes, kRuleCaseCodes})
    all.insert(all.end(), table.begin(), table.end());
  return all;
}

const DiagnosticCode* find_diagnostic_code(std::string_view code) {
  for (auto table : {kLangCodes, kProfileCodes, kInputCodes, kRuleCaseCodes})
    for (const DiagnosticCode& c : table)
      if (c.code == code) return &c;
  return nullptr;
}

}  // namespace vtune
