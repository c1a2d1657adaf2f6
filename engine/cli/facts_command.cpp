#include <cstdio>
#include <iostream>

#include "engine/cli/command.h"
#include "engine/facts/collect.h"
#include "engine/facts/host_backend.h"
#include "engine/report/facts_text.h"

namespace vtune::cli {

Runner setup_facts(CLI::App& sub, const GlobalOptions& global) {
  struct Opts {
    std::string format = "text";
    std::vector<std::string> vmx;
  };
  auto opts = std::make_shared<Opts>();
  sub.add_option("--format", opts->format, "text (a readable summary) or json (the full tree)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub.add_option("--vmx", opts->vmx, "A VMware .vmx file to parse into vmx facts (repeatable)");
  return [opts, &global] {
    HostBackend backend(global.root);
    ProbeOptions probe_options{opts->vmx};
    Warnings warnings;
    Facts facts = collect_facts(backend.host(), probe_options, warnings);
    if (opts->format == "json") {
      std::cout << facts_document(facts, warnings, global.root).dump(2) << "\n";
    } else {
      std::cout << render_facts_text(facts);
      for (const Warning& w : warnings.items())
        std::fprintf(stderr, "vtune: warning: %s: %s\n", w.path.c_str(), w.message.c_str());
    }
    return 0;
  };
}

}  // namespace vtune::cli
