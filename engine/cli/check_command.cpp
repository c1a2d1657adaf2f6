// `vtune check --profile P`: the plan's evaluation as an audit report for CI, json by default,
// optionally written atomically to a file.
#include <iostream>

#include "engine/cli/command.h"
#include "engine/cli/plan_inputs.h"
#include "engine/cli/txn_host.h"
#include "engine/facts/json_text.h"
#include "engine/report/atomic_write.h"
#include "engine/report/plan_json.h"
#include "engine/report/plan_junit.h"
#include "engine/report/plan_prometheus.h"
#include "engine/report/plan_sarif.h"
#include "engine/report/plan_text.h"

namespace vtune::cli {

Runner setup_check(CLI::App& sub, const GlobalOptions& global) {
  struct Opts {
    PlanOptions plan;
    std::string format = "json";
    std::string output;
  };
  auto opts = std::make_shared<Opts>();
  sub.description(
      "Audit the host against a profile (the same evaluation as plan) and report for CI:\n"
      "json (the plan document, with schema_version), junit (one test case per item), sarif\n"
      "(code scanning), prometheus (node_exporter textfile metrics) or text.");
  sub.footer(kPlanExitCodes);
  add_plan_options(sub, opts->plan, true);
  sub.add_option("--format", opts->format, "json, junit, sarif, prometheus or text")
      ->check(CLI::IsMember({"json", "junit", "sarif", "prometheus", "text"}))
      ->capture_default_str();
  sub.add_option("--output", opts->output,
                 "Write the report to FILE (atomically: temp file, fsync, rename) instead of "
                 "stdout");
  return [opts, &global] {
    int code = 1;
    std::optional<PlanInputs> in = load_plan_inputs(opts->plan, global, code);
    if (!in) return code;
    warn_unfinished_transactions(global);
    Plan plan = run_planner(*in, opts->plan, global);
    std::string text;
    if (opts->format == "text")
      text = render_plan_text(plan, {.color = false, .all = true});  // an audit lists everything
    else if (opts->format == "junit")
      text = render_plan_junit(plan);
    else if (opts->format == "sarif")
      text = render_plan_sarif(plan, in->lib);
    else if (opts->format == "prometheus")
      text = render_plan_prometheus(plan);
    else
      text = dump_json(plan_to_json(plan, "check"), 2) + "\n";
    if (opts->output.empty()) {
      std::cout << text;
    } else if (Result<void> written = write_file_atomically(opts->output, text); !written) {
      std::cerr << "vtune: error: " << written.error().message()
                << "\n  (choose a writable --output path)\n";
      return 1;
    }
    return plan_exit_code(plan);
  };
}

}  // namespace vtune::cli
