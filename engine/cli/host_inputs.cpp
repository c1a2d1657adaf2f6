#include "engine/cli/host_inputs.h"
#include "engine/core/text_escape.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "engine/core/text.h"
#include "engine/facts/host_backend.h"
#include "engine/facts/root_check.h"
#include "engine/plan/plan.h"
#include "probes/vmx_file.h"

namespace vtune::cli {

std::vector<std::string> vmx_host_paths(const GlobalOptions& g, std::vector<std::string> vmx) {
  if (g.root == "/")
    for (std::string& v : vmx) v = std::filesystem::absolute(v).lexically_normal().string();
  return vmx;
}

int check_host_inputs(const GlobalOptions& g, const std::vector<std::string>& vmx, bool for_audit) {
  std::unique_ptr<HostFs> fs = make_disk_host_fs(g.root);
  if (g.root != "/") {
    if (std::optional<std::string> why = unusable_root_reason(*fs, for_audit)) {
      std::cerr << "vtune: error: --root " << escape_control_line(*why) << "\n";
      return kExitError;
    }
  }
  bool color = isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr;
  int code = 0;
  for (const std::string& path : vmx_host_paths(g, vmx)) {
    Result<std::string> text = fs->read_file(path);
    if (!text) {
      std::cerr << "vtune: error: --vmx " << escape_control_line(text.error().message()) << "\n";
      code = kExitInvalidInput;
      continue;
    }
    VmxParse parsed = VmxFile::parse(*text, fs->describe(path));
    SourceFiles sources;
    sources.add(fs->describe(path), *text);
    std::cerr << render_diagnostics(parsed.diagnostics, sources, color);
    if (parsed.diagnostics.has_errors()) {
      std::cerr << "vtune: error: --vmx " << escape_control_line(fs->describe(path))
                << " does not parse; fix the errors above\n";
      code = kExitInvalidInput;
    }
  }
  return code;
}

}  // namespace vtune::cli
