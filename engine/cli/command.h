#pragma once
// The CLI verbs, listed in one table (commands.cpp), like ninja's kTools[].
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace vtune::cli {

struct GlobalOptions {
  std::string root = "/";
  std::string log_level = "warn";
  int verbose = 0;
  std::string color = "auto";  // --color auto|always|never (engine/cli/color.h)
};

// A command adds its options to `sub` and returns what runs once parsing succeeded; the
// runner's return value is the process exit code.
using Runner = std::function<int()>;
struct Command {
  const char* name;
  const char* summary;
  Runner (*setup)(CLI::App& sub, const GlobalOptions& global);
};

Runner setup_facts(CLI::App& sub, const GlobalOptions& global);
Runner setup_snapshot(CLI::App& sub, const GlobalOptions& global);
Runner setup_profiles(CLI::App& sub, const GlobalOptions& global);
Runner setup_lint(CLI::App& sub, const GlobalOptions& global);
Runner setup_rules(CLI::App& sub, const GlobalOptions& global);
Runner setup_plan(CLI::App& sub, const GlobalOptions& global);
Runner setup_check(CLI::App& sub, const GlobalOptions& global);
Runner setup_explain(CLI::App& sub, const GlobalOptions& global);
Runner setup_test_rules(CLI::App& sub, const GlobalOptions& global);
Runner setup_apply(CLI::App& sub, const GlobalOptions& global);
Runner setup_rollback(CLI::App& sub, const GlobalOptions& global);
Runner setup_confirm(CLI::App& sub, const GlobalOptions& global);
Runner setup_history(CLI::App& sub, const GlobalOptions& global);
Runner setup_bench(CLI::App& sub, const GlobalOptions& global);
Runner setup_audit(CLI::App& sub, const GlobalOptions& global);
Runner setup_diff(CLI::App& sub, const GlobalOptions& global);

}  // namespace vtune::cli
