#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "engine/cli/command.h"
#include "probes/snapshot.h"

namespace vtune::cli {

Runner setup_snapshot(CLI::App& sub, const GlobalOptions& global) {
  struct Opts {
    std::string out;
    std::vector<std::string> vmx;
    bool no_proc_sys = false;
  };
  auto opts = std::make_shared<Opts>();
  sub.description(
      "Capture every file the probes read, the whole /proc/sys tree, and the CPUID and ethtool\n"
      "answers into DIR. `vtune facts --root DIR` (and plan/check) then see this host as it was.");
  sub.add_option("--out,-o", opts->out, "Directory to create (must not exist, or be empty)")
      ->required();
  sub.add_option("--vmx", opts->vmx, "Also capture a VMware .vmx file (repeatable)");
  sub.add_flag("--no-proc-sys", opts->no_proc_sys, "Capture only the sysctls the probes read");
  return [opts, &global] {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(opts->out, ec) && !fs::is_empty(opts->out, ec)) {
      std::fprintf(stderr, "vtune: error: %s exists and is not empty; choose a new directory\n",
                   opts->out.c_str());
      return 1;
    }
    fs::create_directories(opts->out, ec);
    if (ec) {
      std::fprintf(stderr, "vtune: error: cannot create %s: %s\n", opts->out.c_str(),
                   ec.message().c_str());
      return 1;
    }
    ::chmod(opts->out.c_str(), 0755);
    Warnings warnings;
    SnapshotRequest request{global.root, opts->out, opts->vmx, !opts->no_proc_sys};
    Result<SnapshotSummary> summary = take_snapshot(request, warnings);
    for (const Warning& w : warnings.items())
      std::fprintf(stderr, "vtune: warning: %s: %s\n", w.path.c_str(), w.message.c_str());
    if (!summary) {
      std::fprintf(stderr, "vtune: error: %s\n", summary.error().message().c_str());
      return 1;
    }
    std::cout << "snapshot written to " << opts->out << ": " << summary->entries << " entries, "
              << summary->sysctls << " sysctls, " << summary->nics << " ethtool states\n";
    return 0;
  };
}

}  // namespace vtune::cli
