// `vtune lint [PATH...]`: parse and check rule files without any host (every pass but
// evaluation, plus the conflict finder). Exit 0 when clean (warnings allowed), 3 on
// errors, 1 when a path cannot be read.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "engine/cli/command.h"
#include "engine/cli/plan_inputs.h"
#include "engine/lang/library.h"

namespace vtune::cli {
namespace {

namespace fs = std::filesystem;

int explain(const std::string& code) {
  const DiagnosticCode* c = find_diagnostic_code(code);
  if (!c) {
    std::fprintf(stderr, "vtune: error: unknown diagnostic code '%s'\n", code.c_str());
    return 1;
  }
  std::cout << c->code << ": " << c->title << "\n\n" << c->explanation << "\n";
  return 0;
}

int list_codes(const std::string& format) {
  if (format == "json") {
    Facts list = Facts::array();
    for (const DiagnosticCode& c : all_diagnostic_codes())
      list.push_back({{"code", c.code}, {"title", c.title}, {"explanation", c.explanation}});
    std::cout << Facts{{"schema_version", 1}, {"codes", list}}.dump(2) << "\n";
  } else {
    for (const DiagnosticCode& c : all_diagnostic_codes())
      std::cout << c.code << "  " << c.title << "\n";
  }
  return 0;
}

}  // namespace

Runner setup_lint(CLI::App& sub, const GlobalOptions& global) {
  struct Opts {
    std::vector<std::string> paths;
    std::string format = "text";
    std::string explain;
    bool codes = false;
  };
  auto opts = std::make_shared<Opts>();
  sub.add_option("paths", opts->paths, "Rule files or directories (default: the installed rules)");
  sub.add_option("--format", opts->format, "text (compiler-style) or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub.add_option("--explain", opts->explain, "Print the long explanation of a diagnostic code");
  sub.add_flag("--codes", opts->codes, "List every diagnostic code");
  return [opts] {
    if (!opts->explain.empty()) return explain(opts->explain);
    if (opts->codes) return list_codes(opts->format);
    std::vector<std::string> paths = opts->paths;
    if (paths.empty()) paths.push_back(rules_dir_default());
    std::vector<std::string> rule_paths;
    for (const std::string& p : paths) {
      // Profiles are checked by the profile loader; lint only rule files here.
      if (fs::path(p).extension() == ".toml") {
        std::fprintf(stderr, "vtune: note: %s: profiles are not linted yet; skipped\n", p.c_str());
        continue;
      }
      rule_paths.push_back(p);
    }
    Result<lang::RuleLibrary> lib = lang::load_library(rule_paths, {nullptr, true});
    if (!lib) {
      std::fprintf(stderr, "vtune: error: %s\n", lib.error().message().c_str());
      return 1;
    }
    const Diagnostics& ds = lib->diagnostics;
    if (opts->format == "json") {
      Facts doc{{"schema_version", 1},
                {"diagnostics", diagnostics_to_json(ds)},
                {"errors", ds.error_count()},
                {"warnings", ds.warning_count()}};
      std::cout << doc.dump(2) << "\n";
    } else {
      bool color = isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr;
      std::fputs(render_diagnostics(ds, lib->sources, color).c_str(), stderr);
      std::fprintf(stderr, "%zu rule%s in %zu file%s: %zu error%s, %zu warning%s\n",
                   lib->rules.size(), lib->rules.size() == 1 ? "" : "s", lib->files.size(),
                   lib->files.size() == 1 ? "" : "s", ds.error_count(),
                   ds.error_count() == 1 ? "" : "s", ds.warning_count(),
                   ds.warning_count() == 1 ? "" : "s");
    }
    return ds.has_errors() ? 3 : 0;
  };
  (void)global;
}

}  // namespace vtune::cli
