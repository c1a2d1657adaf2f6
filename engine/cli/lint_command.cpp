// `vtune lint [PATH...]`: check rule files and profiles without any host. Rules go through
// every pass but evaluation, plus the conflict finder; profiles are loaded with their
// includes and validated against that rule library (params, rule ids, tags, waivers).
// Rules without test cases (rules/tests/<rule-id>.json) are warnings (VT0406).
// Exit 0 when clean (warnings allowed), 3 on errors, 1 when a path cannot be read.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "engine/cli/color.h"
#include "engine/cli/command.h"
#include "engine/cli/plan_inputs.h"
#include "engine/core/host_fs.h"
#include "engine/facts/json_text.h"
#include "engine/lang/library.h"
#include "engine/profile/profile_loader.h"
#include "engine/profile/validate.h"
#include "engine/report/diagnostic_codes.h"
#include "engine/rulecheck/rule_case_coverage.h"

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
    Json list = Json::array();
    for (const DiagnosticCode& c : all_diagnostic_codes())
      list.push_back({{"code", c.code}, {"title", c.title}, {"explanation", c.explanation}});
    std::cout << Json{{"schema_version", 1}, {"codes", list}}.dump(2) << "\n";
  } else {
    for (const DiagnosticCode& c : all_diagnostic_codes())
      std::cout << c.code << "  " << c.title << "\n";
  }
  return 0;
}

std::string plural(size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

struct LintTargets {
  std::vector<std::string> rules;     // .vtr files and directories (searched for .vtr)
  std::vector<std::string> profiles;  // .toml files
  bool every_profile = false;         // no path given: every profile on the search path
  bool rules_linted = false;          // rules were named or defaulted: check their test cases
};

// A .toml path is a profile; a directory gives its .vtr files to the library and its .toml
// files (recursively, sorted) as profiles; anything else is a rule file. Without paths:
// the installed rules and every profile on the search path. When no path holds rules,
// profiles are checked against the installed library.
LintTargets lint_targets(const std::vector<std::string>& paths) {
  LintTargets t;
  bool any_rules = false;
  for (const std::string& p : paths) {
    if (fs::path(p).extension() == ".toml") {
      t.profiles.push_back(p);
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
        if (!e.is_regular_file()) continue;
        if (e.path().extension() == ".toml") found.push_back(e.path().string());
        if (e.path().extension() == ".vtr") any_rules = true;
      }
      std::sort(found.begin(), found.end());
      t.profiles.insert(t.profiles.end(), found.begin(), found.end());
      t.rules.push_back(p);
      continue;
    }
    t.rules.push_back(p);
    any_rules = true;
  }
  if (paths.empty()) t.every_profile = true;
  t.rules_linted = any_rules || paths.empty();
  if (!any_rules) t.rules = {rules_dir_default()};
  return t;
}

// Loads each profile (includes resolve beside the file, then on the search path) and
// validates it against `lib`. Returns how many were checked.
size_t lint_profiles(ProfileLoader& loader, const LintTargets& targets,
                     const lang::RuleLibrary& lib, Diagnostics& diags) {
  std::vector<std::string> names = targets.profiles;
  if (targets.every_profile)
    for (const ProfileListing& l : loader.list(diags)) names.push_back(l.file);
  std::vector<ParamSpec> params = lang::param_specs(lib);
  std::vector<RuleSummary> rules = lang::rule_summaries(lib);
  Date today = today_local();
  for (const std::string& name : names) {
    std::optional<Profile> profile = loader.load(name, diags);
    if (!profile) continue;
    if (lib.checked) validate_profile(*profile, params, rules, diags);
    check_waiver_expiry(*profile, today, diags);
  }
  return names.size();
}

// Where the rules' case files are: tests/ beside each rule directory (all its rules loaded)
// or beside each single rule file.
RuleCaseDirs case_dirs(const std::vector<std::string>& rule_paths) {
  RuleCaseDirs dirs;
  std::error_code ec;
  for (const std::string& p : rule_paths) {
    if (fs::is_directory(p, ec))
      dirs.whole.push_back(p);
    else
      dirs.partial.push_back(fs::path(p).parent_path().string());
  }
  return dirs;
}

}  // namespace

Runner setup_lint(CLI::App& sub, const GlobalOptions& global) {
  struct Opts {
    std::vector<std::string> paths;
    std::string format = "text";
    std::string explain;
    bool codes = false;
    std::string profiles_dir;
  };
  auto opts = std::make_shared<Opts>();
  sub.add_option("paths", opts->paths,
                 "Rule files (.vtr), profiles (.toml) or directories of either (default: the "
                 "installed rules and every profile on the search path)");
  sub.add_option("--profiles", opts->profiles_dir,
                 "Look for included profiles here first (as plan --profiles)");
  sub.add_option("--format", opts->format, "text (compiler-style) or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub.add_option("--explain", opts->explain, "Print the long explanation of a diagnostic code");
  sub.add_flag("--codes", opts->codes, "List every diagnostic code");
  return [opts, &global] {
    if (!opts->explain.empty()) return explain(opts->explain);
    if (opts->codes) return list_codes(opts->format);
    LintTargets targets = lint_targets(opts->paths);
    Result<lang::RuleLibrary> lib = lang::load_library(targets.rules, {nullptr, true});
    if (!lib) {
      std::fprintf(stderr, "vtune: error: %s\n", lib.error().message().c_str());
      return 1;
    }
    std::unique_ptr<HostFs> tool_fs = make_disk_host_fs("/");
    ProfileLoader loader(*tool_fs, profile_search_dirs(opts->profiles_dir, global, *tool_fs));
    Diagnostics profile_diags;
    size_t profiles = lint_profiles(loader, targets, *lib, profile_diags);
    profile_diags.sort();
    SourceFiles case_sources;
    Diagnostics case_diags;
    if (lib->checked && targets.rules_linted)
      check_rule_case_coverage(*lib, case_dirs(targets.rules), case_sources, case_diags);
    case_diags.sort();

    const Diagnostics& ds = lib->diagnostics;
    size_t errors = ds.error_count() + profile_diags.error_count() + case_diags.error_count();
    size_t warnings =
        ds.warning_count() + profile_diags.warning_count() + case_diags.warning_count();
    if (opts->format == "json") {
      Json all = diagnostics_to_json(ds);
      for (Json& d : diagnostics_to_json(profile_diags)) all.push_back(std::move(d));
      for (Json& d : diagnostics_to_json(case_diags)) all.push_back(std::move(d));
      Json doc{{"schema_version", 1},
               {"diagnostics", std::move(all)},
               {"errors", errors},
               {"warnings", warnings}};
      std::cout << dump_json(doc, 2) << "\n";
    } else {
      bool color = use_color(global.color, STDERR_FILENO);
      std::fputs(render_diagnostics(ds, lib->sources, color).c_str(), stderr);
      std::fputs(render_diagnostics(profile_diags, loader.sources(), color).c_str(), stderr);
      std::fputs(render_diagnostics(case_diags, case_sources, color).c_str(), stderr);
      std::fprintf(stderr, "%s in %s, %s: %s, %s\n", plural(lib->rules.size(), "rule").c_str(),
                   plural(lib->files.size(), "file").c_str(), plural(profiles, "profile").c_str(),
                   plural(errors, "error").c_str(), plural(warnings, "warning").c_str());
    }
    return errors > 0 ? 3 : 0;
  };
}

}  // namespace vtune::cli
