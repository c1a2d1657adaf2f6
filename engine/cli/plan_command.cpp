// `vtune plan --profile P`: what the profile would change on this host (or the --root tree),
// item by item. Read-only: printing the plan is the dry run.
#include <unistd.h>

#include <iostream>

#include "engine/cli/color.h"
#include "engine/cli/command.h"
#include "engine/cli/plan_inputs.h"
#include "engine/cli/txn_host.h"
#include "engine/facts/json_text.h"
#include "engine/report/plan_json.h"
#include "engine/report/plan_junit.h"
#include "engine/report/plan_sarif.h"
#include "engine/report/plan_text.h"

namespace vtune::cli {

Runner setup_plan(CLI::App& sub, const GlobalOptions& global) {
  struct Opts {
    PlanOptions plan;
    std::string format = "text";
    bool only_drift = false;
    bool all = false;
  };
  auto opts = std::make_shared<Opts>();
  sub.description(
      "Compare the host with a profile: for every setting its rules want, the current and desired\n"
      "values and a state (change, error, unknown, advisory, waived, compliant, not-applicable),\n"
      "with sysctl provenance and resolved conflicts. Nothing is changed. The text plan starts\n"
      "with the counts, then lists by area what would change and what needs a person;\n"
      "--all also lists the compliant and not-applicable items.");
  sub.footer(kPlanExitCodes);
  add_plan_options(sub, opts->plan, true);
  sub.add_option("--format", opts->format,
                 "text (a table grouped by area), json, junit (one test case per item) or sarif")
      ->check(CLI::IsMember({"text", "json", "junit", "sarif"}))
      ->capture_default_str();
  CLI::Option* only_drift =
      sub.add_flag("--only-drift", opts->only_drift,
                   "Leave compliant and not-applicable items out (the summary still counts "
                   "them); the text plan does so unless --all");
  sub.add_flag("--all", opts->all,
               "Text: also list the compliant and not-applicable items (the other formats "
               "always list every item)")
      ->excludes(only_drift);
  return [opts, &global] {
    int code = 1;
    std::optional<PlanInputs> in = load_plan_inputs(opts->plan, global, code);
    if (!in) return code;
    warn_unfinished_transactions(global);
    Plan plan = run_planner(*in, opts->plan, global);
    if (opts->format == "text") {
      PlanTextOptions t;
      t.color = use_color(global.color, STDOUT_FILENO);
      t.all = opts->all;
      std::cout << render_plan_text(plan, t);
    } else if (opts->format == "json") {
      Json doc = plan_to_json(plan, "plan");
      if (opts->only_drift) {
        Json kept = Json::array();
        for (const Json& i : doc["items"])
          if (i["state"] != "compliant" && i["state"] != "not-applicable") kept.push_back(i);
        doc["items"] = kept;
      }
      std::cout << dump_json(doc, 2) << "\n";
    } else {
      Plan shown = plan;
      if (opts->only_drift)
        std::erase_if(shown.items, [](const PlanItem& i) {
          return i.state == ItemState::Compliant || i.state == ItemState::NotApplicable;
        });
      std::cout << (opts->format == "junit" ? render_plan_junit(shown)
                                            : render_plan_sarif(shown, in->lib));
    }
    return plan_exit_code(plan);
  };
}

}  // namespace vtune::cli
