#include "engine/cli/plan_inputs.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <spdlog/spdlog.h>

#include "engine/cli/color.h"
#include "engine/cli/host_inputs.h"
#include "engine/core/host_fs.h"
#include "engine/core/warning_summary.h"
#include "engine/facts/host_backend.h"
#include "engine/plan/planner.h"
#include "engine/profile/profile_loader.h"
#include "engine/profile/validate.h"

namespace vtune::cli {
namespace {

namespace fs = std::filesystem;

std::string exe_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

}  // namespace

const char* const kPlanExitCodes =
    "Exit codes: 0 compliant (every item compliant, waived, advisory or n/a); 1 error (an item\n"
    "could not be read or validated, or the command failed); 2 drift that is not waived;\n"
    "3 invalid input (rules, profile, a --vmx file); 4 incomplete audit (an item is unknown:\n"
    "not checkable here, and nothing known is drift). See docs/exit-codes.md.";

void add_plan_options(CLI::App& sub, PlanOptions& o, bool profile_required) {
  CLI::Option* p =
      sub.add_option("--profile", o.profile, "A profile name, or a path to a .toml file");
  if (profile_required) p->required();
  sub.add_option("--profiles", o.profiles_dir,
                 "Look for profiles in DIR first (then ROOT/etc/vtune/profiles, "
                 "$VTUNE_PROFILES_DIR, the installed profiles)");
  sub.add_option("--rules", o.rules,
                 "A .vtr file or a directory of them (repeatable; default: $VTUNE_RULES_DIR, the "
                 "source tree's rules/, else the installed library)");
  sub.add_option("--vmx", o.vmx,
                 "A VMware .vmx file to evaluate (repeatable; under --root the path is inside the "
                 "root)");
}

std::string rules_dir_default() {
  if (const char* env = std::getenv("VTUNE_RULES_DIR"); env && *env) return env;
  std::error_code ec;
  for (fs::path dir = exe_dir(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    if (fs::is_directory(dir / "rules", ec)) return (dir / "rules").string();
    if (dir.parent_path() == dir) break;
  }
  return "/usr/share/vtune/rules";
}

std::vector<std::string> profile_search_dirs(const std::string& profiles_dir,
                                             const GlobalOptions& g, const HostFs& tool_fs) {
  ProfileSearchInputs search;
  search.explicit_dir = profiles_dir;
  search.host_root = g.root;
  if (const char* env = std::getenv("VTUNE_PROFILES_DIR")) search.env_dir = env;
  search.exe_dir = exe_dir();
  return profile_search_path(search, tool_fs);
}

std::optional<PlanInputs> load_plan_inputs(const PlanOptions& o, const GlobalOptions& g,
                                           int& exit_code) {
  if (int bad = check_host_inputs(g, o.vmx); bad != 0) {
    exit_code = bad;
    return std::nullopt;
  }
  std::vector<std::string> paths = o.rules;
  if (paths.empty()) paths.push_back(rules_dir_default());
  Result<lang::RuleLibrary> lib = lang::load_library(paths);
  if (!lib) {
    std::cerr << "vtune: error: " << lib.error().message()
              << "\n  (pass --rules DIR or set VTUNE_RULES_DIR to the rule library)\n";
    exit_code = 1;
    return std::nullopt;
  }
  if (lib->diagnostics.has_errors() || !lib->checked) {
    std::cerr << render_diagnostics(lib->diagnostics, lib->sources,
                                    use_color(g.color, STDERR_FILENO));
    std::cerr << "vtune: error: the rule library is invalid; fix the errors above (vtune lint)\n";
    exit_code = 3;
    return std::nullopt;
  }
  PlanInputs in{std::move(lib).value(), std::nullopt};
  if (o.profile.empty()) return in;

  std::unique_ptr<HostFs> tool_fs = make_disk_host_fs("/");
  ProfileLoader loader(*tool_fs, profile_search_dirs(o.profiles_dir, g, *tool_fs));
  Diagnostics diags;
  std::optional<Profile> profile = loader.load(o.profile, diags);
  if (profile) {
    validate_profile(*profile, lang::param_specs(in.lib), lang::rule_summaries(in.lib), diags);
    check_waiver_expiry(*profile, today_local(), diags);
  }
  diags.sort();
  std::cerr << render_diagnostics(diags, loader.sources(), use_color(g.color, STDERR_FILENO));
  if (!profile || diags.has_errors()) {
    std::cerr << "vtune: error: profile '" << o.profile
              << "' is invalid; fix the errors above (vtune profiles show " << o.profile << ")\n";
    exit_code = 3;
    return std::nullopt;
  }
  in.profile = std::move(profile);
  return in;
}

Plan run_planner(const PlanInputs& in, const PlanOptions& o, const GlobalOptions& g,
                 const Profile* profile) {
  std::vector<std::string> vmx = o.vmx;
  if (g.root == "/")  // a relative path means the caller's directory on the live host
    for (std::string& v : vmx) v = fs::absolute(v).lexically_normal().string();
  HostBackend backend(g.root);
  Warnings warnings;
  Plan plan = build_plan({in.lib, profile ? *profile : *in.profile, today_local()}, backend.host(),
                         ProbeOptions{vmx}, g.root, warnings);
  for (const Warning& w : summarize_warnings(warnings)) spdlog::info("{}: {}", w.path, w.message);
  return plan;
}

}  // namespace vtune::cli
