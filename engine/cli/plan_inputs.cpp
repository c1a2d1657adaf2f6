#include "engine/cli/plan_inputs.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string_view>

#include <spdlog/spdlog.h>

#include "engine/cli/color.h"
#include "engine/cli/host_inputs.h"
#include "engine/core/host_fs.h"
#include "engine/core/warning_summary.h"
#include "engine/facts/host_backend.h"
#include "engine/plan/planner.h"
#include "engine/profile/profile_loader.h"
#include "engine/profile/trusted_files.h"
#include "engine/profile/validate.h"
#include "vtune_install_dirs.h"

namespace vtune::cli {
namespace {

namespace fs = std::filesystem;

std::string exe_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

// PREFIX/share/vtune of the installation the running binary belongs to: the data directory
// relative to the binary's directory as the build configured them (../share/vtune for
// PREFIX/bin/vtune), so a tree installed under any prefix or DESTDIR finds its own data.
std::string installed_data_dir(std::string_view kind) {
  std::string dir = exe_dir();
  if (dir.empty()) return {};
  return (fs::path(dir) / VTUNE_BINDIR_TO_DATADIR / kind).lexically_normal().string();
}

std::string user_name(uint32_t uid) {
  struct passwd pw {};
  struct passwd* found = nullptr;
  char buf[4096];
  if (::getpwuid_r(uid, &pw, buf, sizeof buf, &found) != 0 || !found) return {};
  return found->pw_name;
}

// The absolute, normalised path, and its canonical form when links make it differ: the
// directories a file is reached through and the ones it really sits in are both checked.
void add_checked_path(std::vector<std::string>& out, const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec).lexically_normal();
  if (ec) abs = fs::path(path);
  out.push_back(abs.string());
  fs::path real = fs::canonical(abs, ec);
  if (!ec && real != abs) out.push_back(real.string());
}

// Run as root, a rule or profile file others can write is refused (trusted_files.h):
// prints why and how to fix each, and returns false.
bool trusted(const std::vector<std::string>& loaded, const HostFs& tool_fs) {
  std::vector<std::string> paths;
  for (const std::string& f : loaded) add_checked_path(paths, f);
  std::vector<UntrustedFile> bad = untrusted_files(tool_fs, paths, ::geteuid());
  for (const UntrustedFile& f : bad)
    std::cerr << "vtune: error: " << describe_untrusted(f, user_name(f.uid)) << "\n";
  return bad.empty();
}

// Why a --rules path cannot be read, and the exit code: a path that does not exist, or is
// not a file or directory, is invalid input (3); a failing read is another error (1).
int report_rules_error(const SysError& e, bool explicit_path) {
  bool missing = e.err == ENOENT || e.err == ENOTDIR;
  if (missing)
    std::cerr << "vtune: error: the rules path " << e.path << " does not exist\n";
  else
    std::cerr << "vtune: error: " << e.message() << "\n";
  if (explicit_path && (missing || e.err == 0)) {
    std::cerr << "  (--rules takes a .vtr file or a directory of them)\n";
    return kExitInvalidInput;
  }
  std::cerr << "  (pass --rules DIR or set VTUNE_RULES_DIR to the rule library)\n";
  return kExitError;
}

}  // namespace

const char* const kPlanExitCodes =
    "Exit codes: 0 compliant (every item compliant, waived, advisory or n/a); 1 error (an item\n"
    "could not be read or validated, or the command failed); 2 drift that is not waived;\n"
    "3 invalid input (rules, profile, a --vmx file); 4 incomplete audit (an item is unknown:\n"
    "not checkable here, and nothing known is drift). See docs/exit-codes.md.";

void add_rule_options(CLI::App& sub, PlanOptions& o, bool profile_required) {
  CLI::Option* p =
      sub.add_option("--profile", o.profile, "A profile name, or a path to a .toml file");
  if (profile_required) p->required();
  sub.add_option("--profiles", o.profiles_dir,
                 "Look for profiles in DIR first (then ROOT/etc/vtune/profiles, "
                 "$VTUNE_PROFILES_DIR, the installed profiles)");
  sub.add_option("--rules", o.rules,
                 "A .vtr file or a directory of them (repeatable; default: $VTUNE_RULES_DIR, the "
                 "installed library, or a build's source tree)");
}

void add_plan_options(CLI::App& sub, PlanOptions& o, bool profile_required) {
  add_rule_options(sub, o, profile_required);
  sub.add_option("--vmx", o.vmx,
                 "A VMware .vmx file to evaluate (repeatable; under --root the path is inside the "
                 "root)");
}

std::string rules_dir_default() {
  if (const char* env = std::getenv("VTUNE_RULES_DIR"); env && *env) return env;
  std::error_code ec;
  if (std::string installed = installed_data_dir("rules");
      !installed.empty() && fs::is_directory(installed, ec))
    return installed;
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
  search.installed_dir = installed_data_dir("profiles");
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
  Result<std::vector<lang::SourceText>> sources = lang::read_rule_sources(paths);
  if (!sources) {
    exit_code = report_rules_error(sources.error(), !o.rules.empty());
    return std::nullopt;
  }
  std::unique_ptr<HostFs> tool_fs = make_disk_host_fs("/");
  std::vector<std::string> rule_files;
  for (const lang::SourceText& s : *sources) rule_files.push_back(s.name);
  if (!trusted(rule_files, *tool_fs)) {
    exit_code = kExitInvalidInput;
    return std::nullopt;
  }
  lang::RuleLibrary lib = lang::build_library(std::move(*sources));
  if (lib.diagnostics.has_errors() || !lib.checked) {
    std::cerr << render_diagnostics(lib.diagnostics, lib.sources,
                                    use_color(g.color, STDERR_FILENO));
    std::cerr << "vtune: error: the rule library is invalid; fix the errors above (vtune lint)\n";
    exit_code = 3;
    return std::nullopt;
  }
  PlanInputs in{std::move(lib), std::nullopt};
  if (o.profile.empty()) return in;

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
  std::vector<std::string> chain;
  for (const ChainEntry& c : profile->chain) chain.push_back(c.file);
  if (!trusted(chain, *tool_fs)) {
    exit_code = kExitInvalidInput;
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
