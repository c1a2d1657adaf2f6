#pragma once
// Diagnostics: problems in user input (rules, profiles, daemon.json, .vmx). Each has a
// stable code, a severity, a source span and an optional hint, and prints like a
// compiler's:
//   rules/net.vtr:12:7: error[VT0104]: unknown fact 'nic.speed'
//      12 |   when nic.speed >= 10Gbit
//         |        ^~~~~~~~~
//   hint: did you mean 'nics'?
// System failures are Result<T> (result.h), never diagnostics.
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/json.h"

namespace vtune {

enum class Severity { Error, Warning, Note };
std::string_view severity_name(Severity s);

struct SourceSpan {
  std::string file;
  uint32_t line = 0;    // 1-based; 0 when the problem concerns the whole file
  uint32_t column = 0;  // 1-based, in bytes
  uint32_t length = 1;  // bytes to underline
};

struct Diagnostic {
  std::string code;  // "VT0104"
  Severity severity = Severity::Error;
  SourceSpan span;
  std::string message;
  std::string hint;  // empty when there is none
};

// File contents by name, so a diagnostic can show the offending line.
class SourceFiles {
 public:
  void add(std::string name, std::string text) { files_[std::move(name)] = std::move(text); }
  // The 1-based line of a file without its newline; empty if unknown.
  std::string_view line(std::string_view file, uint32_t line) const;

 private:
  std::map<std::string, std::string, std::less<>> files_;
};

class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void error(std::string code, SourceSpan span, std::string message, std::string hint = {});
  void warning(std::string code, SourceSpan span, std::string message, std::string hint = {});
  void append(const Diagnostics& other);

  const std::vector<Diagnostic>& items() const { return items_; }
  bool has_errors() const;
  size_t error_count() const;
  size_t warning_count() const;
  bool empty() const { return items_.empty(); }
  // Stable order for output: by file, line, column, then insertion.
  void sort();

 private:
  std::vector<Diagnostic> items_;
};

// One diagnostic in the compiler form above (with colour escapes when `color`).
std::string render_diagnostic(const Diagnostic& d, const SourceFiles& sources, bool color = false);
std::string render_diagnostics(const Diagnostics& ds, const SourceFiles& sources,
                               bool color = false);
// {"file","line","column","length","severity","code","message","hint"} per diagnostic.
Json diagnostic_to_json(const Diagnostic& d);
Json diagnostics_to_json(const Diagnostics& ds);

// The stable catalogue of codes. VT01xx: rule language; VT02xx: profiles; VT03xx: host
// input files (daemon.json, .vmx). Each area lists its codes in its own table.
struct DiagnosticCode {
  std::string_view code;
  std::string_view title;        // short text
  std::string_view explanation;  // long text: what it means and what to do
};
extern const std::span<const DiagnosticCode> kLangCodes;
extern const std::span<const DiagnosticCode> kProfileCodes;
extern const std::span<const DiagnosticCode> kInputCodes;
extern const std::span<const DiagnosticCode> kRuleCaseCodes;  // VT04xx: rule test cases
// The whole catalogue is assembled above every area, in engine/report/diagnostic_codes.h.

}  // namespace vtune
