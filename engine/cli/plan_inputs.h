#pragma once
// What plan, check and explain share: finding and loading the rule library and the profile,
// reporting problems (exit 3 for invalid rules or profile, a --rules path that does not
// exist, or, run as root, a rule or profile file others can write: trusted_files.h; 1 for
// anything else), and running the planner on the --root host.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/cli/command.h"
#include "engine/core/host_fs.h"
#include "engine/lang/library.h"
#include "engine/plan/plan.h"
#include "engine/profile/profile.h"

namespace vtune::cli {

struct PlanOptions {
  std::string profile;             // NAME or a .toml path
  std::string profiles_dir;        // --profiles
  std::vector<std::string> rules;  // --rules (default: rules_dir_default())
  std::vector<std::string> vmx;    // --vmx
};

// The exit codes plan and check document in their help.
extern const char* const kPlanExitCodes;

// Adds --profile/--profiles/--rules/--vmx to `sub`; `profile_required` for plan and check.
void add_plan_options(CLI::App& sub, PlanOptions& o, bool profile_required);
// The same without --vmx (audit and diff read no .vmx file but the snapshots' own).
void add_rule_options(CLI::App& sub, PlanOptions& o, bool profile_required);

// $VTUNE_RULES_DIR, then the rules installed with the binary (PREFIX/share/vtune/rules,
// found relative to it), then a rules/ directory above the binary (the source tree when run
// from a build directory), then /usr/share/vtune/rules: the first that exists. The search
// `vtune lint` and `vtune rules` use too (docs/packaging.md).
std::string rules_dir_default();

// The profile search path for --profiles DIR (may be empty) on the --root host: see
// profile_search_path() for the order.
std::vector<std::string> profile_search_dirs(const std::string& profiles_dir,
                                             const GlobalOptions& g, const HostFs& tool_fs);

struct PlanInputs {
  lang::RuleLibrary lib;
  std::optional<Profile> profile;  // set when PlanOptions::profile was given
};

// Loads and checks the library and (when named) the profile; validates the profile against
// the library. Run as root (geteuid), refuses rule files and the profile chain when another
// user could write them or their directories. On failure prints what is wrong to stderr and
// returns the exit code in `exit_code` (3: invalid rules or profile, with file:line:col
// diagnostics, a --rules path that does not exist, an untrusted file; 1: unreadable).
std::optional<PlanInputs> load_plan_inputs(const PlanOptions& o, const GlobalOptions& g,
                                           int& exit_code);

// Runs the planner on the --root host for `profile` (default: in.profile; warnings from
// probing are logged at -v).
Plan run_planner(const PlanInputs& in, const PlanOptions& o, const GlobalOptions& g,
                 const Profile* profile = nullptr);

}  // namespace vtune::cli
