// `vtune diff SNAP_A SNAP_B [--profile P]`: the facts that differ between two snapshots and,
// with a profile, the planned items that differ (docs/audit.md). Read-only.
#include <iostream>

#include "engine/audit/diff_report.h"
#include "engine/cli/command.h"
#include "engine/cli/plan_inputs.h"
#include "engine/core/text_escape.h"
#include "engine/facts/host_backend.h"
#include "engine/facts/json_text.h"
#include "engine/facts/root_check.h"
#include "engine/plan/planner.h"
#include "engine/profile/validate.h"
#include "probes/collect.h"

namespace vtune::cli {
namespace {

struct Side {
  Facts facts;
  std::optional<Plan> plan;
  std::string hostname;
};

// Probes (and plans, with a profile) one snapshot; nullopt, with the reason on stderr, when
// it is no host tree.
std::optional<Side> load_side(const std::string& path, const PlanInputs& in) {
  HostBackend backend(path);
  if (std::optional<std::string> why = root_problem(backend.fs())) {
    std::cerr << "vtune: error: " << escape_control_line(path) << ": " << *why
              << "\n  (capture a host with `vtune snapshot --out DIR`)\n";
    return std::nullopt;
  }
  Side side;
  Warnings warnings;
  side.facts = collect_facts(backend.host(), ProbeOptions{}, warnings);
  side.hostname = host_name(backend.fs());
  if (in.profile)
    side.plan = build_plan({in.lib, *in.profile, today_local()}, backend.host(), ProbeOptions{},
                           path, warnings);
  return side;
}

}  // namespace

Runner setup_diff(CLI::App& sub, const GlobalOptions& global) {
  struct Opts {
    PlanOptions plan;
    std::string a, b;
    std::string format = "text";
  };
  auto opts = std::make_shared<Opts>();
  sub.description(
      "Compare two snapshots: every fact that differs (by path, the two values side by side)\n"
      "and, with --profile, every planned item whose state, current or desired value differs.");
  sub.footer(
      "Exit codes: 0 no difference; 2 differences; 1 a snapshot is no host tree or another\n"
      "error; 3 invalid input (rules, profile). See docs/exit-codes.md.");
  add_rule_options(sub, opts->plan, false);
  sub.add_option("--format", opts->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub.add_option("snap_a", opts->a, "The first snapshot directory (A)")->required();
  sub.add_option("snap_b", opts->b, "The second snapshot directory (B)")->required();
  return [opts, &global] {
    if (global.root != "/") {
      std::cerr << "vtune: error: diff reads the two snapshots named on its command line; "
                   "--root does not apply\n";
      return kExitError;
    }
    int code = 1;
    std::optional<PlanInputs> in = load_plan_inputs(opts->plan, global, code);
    if (!in) return code;
    std::optional<Side> a = load_side(opts->a, *in), b = load_side(opts->b, *in);
    if (!a || !b) return kExitError;
    SnapshotDiff diff;
    diff.a_path = opts->a;
    diff.b_path = opts->b;
    diff.a_hostname = a->hostname;
    diff.b_hostname = b->hostname;
    diff.facts = diff_facts(a->facts, b->facts);
    if (in->profile) {
      diff.profile = in->profile->name;
      diff.settings = diff_plans(*a->plan, *b->plan);
    }
    if (opts->format == "json")
      std::cout << dump_json(diff_to_json(diff), 2) << "\n";
    else
      std::cout << render_diff_text(diff);
    return diff.empty() ? 0 : kExitDrift;
  };
}

}  // namespace vtune::cli
