// libFuzzer target: daemon.json parsing gives either a configuration object or a diagnostic
// whose position lies inside the text, and never throws.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "probes/daemon_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vtune::DaemonJsonParse p = vtune::parse_daemon_json(text, "daemon.json");
  if (p.config.has_value() == p.error.has_value()) std::abort();
  if (p.config) {
    if (!p.config->is_object()) std::abort();
    (void)p.config->dump();  // strict UTF-8: throws (and so aborts) on bad text
    return 0;
  }
  const vtune::Diagnostic& d = *p.error;
  vtune::LineColumn end = vtune::line_column_at(text, text.size());
  if (d.span.line < 1 || d.span.line > end.line || d.span.column < 1) std::abort();
  if (d.span.line == end.line && d.span.column > end.column) std::abort();
  vtune::SourceFiles sources;
  sources.add("daemon.json", std::string(text));
  (void)vtune::render_diagnostic(d, sources);
  (void)vtune::diagnostic_to_json(d).dump();
  return 0;
}
