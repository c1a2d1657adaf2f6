// `vtune rules`: the rule library as a list (text), a document (json) or docs/rules.md (md).
#include <cstdlib>
#include <iostream>

#include "engine/cli/command.h"
#include "engine/cli/plan_inputs.h"
#include "engine/core/text_escape.h"
#include "engine/lang/library.h"
#include "engine/report/rules_markdown.h"

namespace vtune::cli {

Runner setup_rules(CLI::App& sub, const GlobalOptions& /*global*/) {
  struct Opts {
    std::string format = "text";
    std::vector<std::string> rules;
  };
  auto opts = std::make_shared<Opts>();
  sub.description(
      "List the rule library: each rule's id, title, severity, tags, practice, disruption,\n"
      "reboot, reference, rationale and the params it reads. `--format md` is docs/rules.md.");
  sub.add_option("--format", opts->format, "text, json or md")
      ->check(CLI::IsMember({"text", "json", "md"}))
      ->capture_default_str();
  sub.add_option("--rules", opts->rules,
                 "A .vtr file or a directory of them (repeatable; default: $VTUNE_RULES_DIR, the "
                 "installed library, or a build's source tree)");
  return [opts] {
    std::vector<std::string> paths = opts->rules;
    if (paths.empty()) paths.push_back(rules_dir_default());
    Result<lang::RuleLibrary> lib = lang::load_library(paths);
    if (!lib) {
      std::cerr << "vtune: error: " << lib.error().message() << "\n";
      return 1;
    }
    if (lib->diagnostics.has_errors()) {
      std::cerr << render_diagnostics(lib->diagnostics, lib->sources);
      return 3;
    }
    if (opts->format == "json")
      std::cout << rules_document(*lib).dump(2) << "\n";
    else if (opts->format == "md")
      std::cout << render_rules_markdown(*lib);
    else
      std::cout << escape_control(render_rules_text(*lib));  // rule text may hold escapes
    return 0;
  };
}

}  // namespace vtune::cli
