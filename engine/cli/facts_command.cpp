#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "engine/cli/command.h"
#include "engine/cli/host_inputs.h"
#include "engine/core/text_escape.h"
#include "engine/core/warning_summary.h"
#include "engine/facts/host_backend.h"
#include "engine/facts/json_text.h"
#include "engine/facts/schema_check.h"
#include "engine/report/facts_text.h"
#include "probes/collect.h"
#include "probes/probes.h"

namespace vtune::cli {

Runner setup_facts(CLI::App& sub, const GlobalOptions& global) {
  struct Opts {
    std::string format = "text";
    std::vector<std::string> vmx;
    bool schema = false;
  };
  auto opts = std::make_shared<Opts>();
  sub.description(
      "Probe the host (or, with --root, a snapshot) and print its facts: CPU and virtualization,\n"
      "IOMMU, NUMA, memory, NICs, disks, sysctls, kernel, Docker and .vmx files. Nothing is\n"
      "changed. Unknown values are null, with a warning naming the path that failed.");
  sub.add_option("--format", opts->format,
                 "text (a readable summary), json (the full tree, with schema_version), or md "
                 "(with --schema)")
      ->check(CLI::IsMember({"text", "json", "md"}))
      ->capture_default_str();
  sub.add_option("--vmx", opts->vmx,
                 "A VMware .vmx file to parse into vmx facts (repeatable; under --root the path "
                 "is inside the root)");
  sub.add_flag("--schema", opts->schema,
               "Print the documented keys (types, units, sources) instead of probing");
  return [opts, &global] {
    if (opts->schema) {
      if (opts->format == "json")
        std::cout << facts_schema_json(all_probes()).dump(2) << "\n";
      else
        std::cout << render_facts_markdown(all_probes());
      return 0;
    }
    if (int bad = check_host_inputs(global, opts->vmx, false); bad != 0) return bad;
    std::vector<std::string> vmx = opts->vmx;
    if (global.root == "/")  // a relative path means the caller's directory on the live host
      for (std::string& v : vmx) v = std::filesystem::absolute(v).lexically_normal().string();
    HostBackend backend(global.root);
    ProbeOptions probe_options{vmx};
    Warnings warnings;
    Facts facts = collect_facts(backend.host(), probe_options, warnings);
    if (opts->format == "json") {
      std::cout << dump_json(facts_document(facts, warnings, global.root), 2) << "\n";
      return 0;
    }
    std::cout << render_facts_text(facts);
    if (!warnings.empty()) {
      // Refusals are folded per path pattern: a normal user's run names each one once.
      std::vector<Warning> shown = summarize_warnings(warnings);
      std::cerr << "vtune: " << shown.size() << " warnings (values shown as ? are unknown):\n";
      for (const Warning& w : shown)
        std::cerr << "  " << escape_control_line(w.path) << ": " << escape_control_line(w.message)
                  << "\n";
      if (geteuid() != 0 && shown.size() < warnings.items().size())
        std::cerr << "  (not root: some files are readable by root only)\n";
    }
    return 0;
  };
}

}  // namespace vtune::cli
