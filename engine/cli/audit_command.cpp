// `vtune audit --profile P SNAPSHOT... | DIR`: one profile over many snapshots, in parallel;
// a text summary or JSON on stdout, and optionally the JSON and a self-contained HTML report
// in files (docs/audit.md). Read-only.
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "engine/audit/audit_html.h"
#include "engine/audit/audit_json.h"
#include "engine/audit/audit_run.h"
#include "engine/audit/audit_text.h"
#include "engine/cli/color.h"
#include "engine/cli/command.h"
#include "engine/cli/plan_inputs.h"
#include "engine/profile/validate.h"
#include "engine/report/atomic_write.h"

namespace vtune::cli {
namespace {

const char* const kAuditExitCodes =
    "Exit codes: 0 every host compliant; 1 a snapshot could not be audited, a host has an error\n"
    "item, or a report file could not be written; 2 drift that is not waived on some host;\n"
    "3 invalid input (rules, profile); 4 some host incomplete (unknown items) and none drifts.\n"
    "See docs/exit-codes.md.";

// "audited 120/1000 snapshots" on a terminal, redrawn at most ten times a second.
class Progress {
 public:
  explicit Progress(bool on) : on_(on) {}
  void operator()(size_t done, size_t total) {
    auto now = std::chrono::steady_clock::now();
    if (!on_ || (done < total && now - last_ < std::chrono::milliseconds(100))) return;
    last_ = now;
    std::cerr << "\rvtune: audited " << done << "/" << total << " snapshots" << std::flush;
    drawn_ = true;
  }
  // Clears the line, so the summary starts on a clean one.
  void finish() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
    drawn_ = false;
  }
  ~Progress() { finish(); }

 private:
  bool on_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

bool write_report(const std::string& path, const std::string& text, const char* option) {
  if (path.empty()) return true;
  if (Result<void> written = write_file_atomically(path, text); !written) {
    std::cerr << "vtune: error: " << written.error().message() << "\n  (choose a writable "
              << option << " path)\n";
    return false;
  }
  return true;
}

}  // namespace

Runner setup_audit(CLI::App& sub, const GlobalOptions& global) {
  struct Opts {
    PlanOptions plan;
    std::vector<std::string> snapshots;
    unsigned jobs = 0;
    std::string format = "text";
    std::string html, json;
  };
  auto opts = std::make_shared<Opts>();
  sub.description(
      "Audit many snapshots (made with `vtune snapshot`) against one profile: the rules and the\n"
      "profile are loaded once, the snapshots planned in parallel. Prints a summary (hosts by\n"
      "status, the rules that drift on the most hosts, the worst hosts, the snapshots that could\n"
      "not be audited) or JSON; --html writes one self-contained report with a host x rule\n"
      "matrix. A single directory that is no snapshot itself stands for its subdirectories.");
  sub.footer(kAuditExitCodes);
  add_rule_options(sub, opts->plan, true);
  sub.add_option("--jobs,-j", opts->jobs,
                 "Snapshots audited at once (default: the CPUs this process may use)")
      ->check(CLI::Range(1u, 1024u));
  sub.add_option("--format", opts->format, "text (a summary) or json (the whole audit)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub.add_option("--html", opts->html, "Also write the HTML report to FILE (atomically)");
  sub.add_option("--json", opts->json, "Also write the JSON document to FILE (atomically)");
  sub.add_option("snapshots", opts->snapshots,
                 "Snapshot directories, or one directory whose subdirectories are snapshots")
      ->required();
  return [opts, &global] {
    if (global.root != "/") {
      std::cerr << "vtune: error: audit reads the snapshots named on its command line; --root "
                   "does not apply (vtune audit --profile P DIR...)\n";
      return kExitError;
    }
    int code = 1;
    std::optional<PlanInputs> in = load_plan_inputs(opts->plan, global, code);
    if (!in) return code;
    std::string error;
    std::vector<std::string> snapshots = expand_snapshot_args(opts->snapshots, error);
    if (snapshots.empty()) {
      std::cerr << "vtune: error: " << error << "\n";
      return kExitError;
    }
    AuditRunOptions run;
    run.jobs = opts->jobs ? opts->jobs : usable_cpus();
    Progress progress(isatty(STDERR_FILENO) && snapshots.size() > 1);
    run.progress = [&progress](size_t done, size_t total) { progress(done, total); };
    FleetAudit audit = run_fleet_audit({in->lib, *in->profile, today_local()}, snapshots, run);
    progress.finish();
    std::string json_text;
    if (opts->format == "json" || !opts->json.empty()) json_text = render_audit_json(audit);
    if (opts->format == "json")
      std::cout << json_text;
    else
      std::cout << render_audit_text(audit, {.color = use_color(global.color, STDOUT_FILENO)});
    bool written = write_report(opts->json, json_text, "--json");
    written =
        write_report(opts->html, opts->html.empty() ? "" : render_audit_html(audit), "--html") &&
        written;
    return written ? audit_exit_code(audit) : kExitError;
  };
}

}  // namespace vtune::cli
