#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <cstdio>

#include "engine/cli/color.h"
#include "engine/cli/command.h"
#include "vtune_version.h"

namespace vtune::cli {

static const Command kCommands[] = {
    {"facts", "Probe the host (or a snapshot) and print its facts", setup_facts},
    {"snapshot", "Capture every file the probes read into a snapshot tree", setup_snapshot},
    {"profiles", "List the tuning profiles, or show one resolved (profiles show NAME)",
     setup_profiles},
    {"lint", "Check rule files: syntax, names, types, conflicts (needs no host)", setup_lint},
    {"rules", "List the rule library: ids, tags, practices, references, params", setup_rules},
    {"plan", "Compare the host with a profile: what would change, item by item", setup_plan},
    {"check", "Audit the host against a profile for CI (json or text report)", setup_check},
    {"explain", "Explain a rule or knob: source, rationale, and its values on this host",
     setup_explain},
    {"test-rules", "Run the rules' test cases (rules/tests/<rule-id>.json)", setup_test_rules},
    {"apply", "Apply a profile's changes as one journaled transaction (rolled back on failure)",
     setup_apply},
    {"rollback", "Undo a transaction, or complete one a crash left open", setup_rollback},
    {"confirm", "Keep a change applied with --confirm-within", setup_confirm},
    {"history", "List the transactions: id, time, profile, state, counts", setup_history},
    {"bench", "Run micro-benchmarks, or --compare saved runs", setup_bench},
    {"audit", "Audit many snapshots against a profile: text, JSON and an HTML report", setup_audit},
    {"diff", "Show the facts and planned settings that differ between two snapshots", setup_diff},
};

// A subcommand's --help lists only its own options; the global ones work there too.
static const char* const kGlobalOptionsHelp =
    "Global options (before or after the command): --root DIR, --log-level LEVEL, -v/-vv,\n"
    "--color auto|always|never, --version. See vtune --help.";

static void setup_logging(const GlobalOptions& g) {
  auto logger = spdlog::stderr_color_mt("vtune", use_color(g.color, STDERR_FILENO)
                                                     ? spdlog::color_mode::always
                                                     : spdlog::color_mode::never);
  logger->set_pattern("vtune: %^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::level::level_enum level = spdlog::level::from_str(g.log_level);
  if (g.verbose == 1) level = std::min(level, spdlog::level::info);
  if (g.verbose >= 2) level = spdlog::level::debug;
  spdlog::set_level(level);
}

static int run(int argc, char** argv) {
  CLI::App app{"vtune: audit and tune virtualization, container and web hosts.\n"};
  app.footer(
      "Exit codes: 0 success or compliant; 1 error; 2 drift that is not waived; 3 invalid\n"
      "input (rules, profile, --vmx); 4 incomplete audit (unknown items); apply and rollback\n"
      "have their own (5-8). See docs/exit-codes.md.");
  app.set_version_flag("--version", std::string("vtune ") + VTUNE_VERSION);
  GlobalOptions global;
  // Global options go before or after the command (`vtune --root DIR plan` and `vtune plan
  // --root DIR`): a subcommand hands an option it does not know to this app (fallthrough).
  app.fallthrough();
  app.add_option("--root", global.root,
                 "Run against a snapshot or fixture tree instead of the live host")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  app.add_option("--log-level", global.log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
      ->capture_default_str();
  app.add_flag("-v,--verbose", global.verbose, "More logging on stderr (-vv for debug)");
  app.add_option("--color", global.color,
                 "Colour the output: auto (on a terminal, unless NO_COLOR is set), always or "
                 "never")
      ->check(CLI::IsMember({kColorModes[0], kColorModes[1], kColorModes[2]}))
      ->capture_default_str();
  app.require_subcommand(1);

  Runner runner;
  for (const Command& c : kCommands) {
    CLI::App* sub = app.add_subcommand(c.name, c.summary);
    Runner r = c.setup(*sub, global);
    std::string footer = sub->get_footer();
    sub->footer((footer.empty() ? "" : footer + "\n\n") + kGlobalOptionsHelp);
    sub->callback([&runner, r] { runner = r; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 1;
  }
  setup_logging(global);
  return runner ? runner() : 1;
}

}  // namespace vtune::cli

int main(int argc, char** argv) {
  try {
    return vtune::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vtune: error: %s\n", e.what());
    return 1;
  }
}
