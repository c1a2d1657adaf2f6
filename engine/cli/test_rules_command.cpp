// `vtune test-rules [--rules PATH] [FILE...]`: runs per-rule test cases (docs/rule-tests.md)
// against the rule library, one file per rule. ctest runs it once per rules/tests/*.json, so
// a failure names the file and the case. Exit 0 when every case passed, 1 when one failed
// or a file cannot be read, 3 when the rules or a case file are invalid.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "engine/cli/command.h"
#include "engine/cli/plan_inputs.h"
#include "engine/lang/library.h"
#include "engine/rulecheck/rule_case_runner.h"
#include "engine/rulecheck/rule_cases.h"

namespace vtune::cli {

Runner setup_test_rules(CLI::App& sub, const GlobalOptions& /*global*/) {
  struct Opts {
    std::vector<std::string> rules;
    std::vector<std::string> files;
  };
  auto opts = std::make_shared<Opts>();
  sub.add_option("files", opts->files,
                 "Case files rules/tests/<rule-id>.json (default: every case file of the rule "
                 "library's directory)");
  sub.add_option("--rules", opts->rules,
                 "A .vtr file or a directory of them (repeatable; default as `vtune rules`)")
      ->allow_extra_args(false);  // one path per --rules, so case files may follow it
  return [opts] {
    std::vector<std::string> paths = opts->rules;
    if (paths.empty()) paths.push_back(rules_dir_default());
    Result<lang::RuleLibrary> lib = lang::load_library(paths);
    if (!lib) {
      std::fprintf(stderr, "vtune: error: %s\n", lib.error().message().c_str());
      return 1;
    }
    bool color = isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr;
    if (lib->diagnostics.has_errors() || !lib->checked) {
      std::fputs(render_diagnostics(lib->diagnostics, lib->sources, color).c_str(), stderr);
      return 3;
    }
    std::vector<std::string> files = opts->files;
    if (files.empty())
      for (const std::string& p : paths) {
        std::vector<std::string> found = find_rule_case_files(p);
        files.insert(files.end(), found.begin(), found.end());
      }
    SourceFiles sources;
    Diagnostics diags;
    int passed = 0, failed = 0;
    bool unreadable = false;
    for (const std::string& path : files) {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "vtune: error: cannot read %s\n", path.c_str());
        unreadable = true;
        continue;
      }
      std::ostringstream text;
      text << in.rdbuf();
      sources.add(path, text.str());
      std::optional<RuleCaseFile> file = parse_rule_case_file(path, text.str(), diags);
      if (!file) continue;
      RuleCaseRun run = run_rule_cases(*lib, *file, diags);
      passed += run.passed;
      failed += run.failed;
    }
    diags.sort();
    std::fputs(render_diagnostics(diags, sources, color).c_str(), stderr);
    std::fprintf(stderr, "%zu case file%s: %d passed, %d failed, %zu error%s\n", files.size(),
                 files.size() == 1 ? "" : "s", passed, failed, diags.error_count(),
                 diags.error_count() == 1 ? "" : "s");
    if (unreadable || failed > 0) return 1;
    return diags.has_errors() ? 3 : 0;
  };
}

}  // namespace vtune::cli
