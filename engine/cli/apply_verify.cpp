#include "engine/cli/apply_verify.h"

#include <unistd.h>

#include <cstdio>

#include "bench/registry.h"

namespace vtune::cli {

void add_verify_options(CLI::App& sub, VerifyOpts& o) {
  auto* v = sub.add_flag("--verify", o.verify,
                         "Verify the change by benchmarks even without a [verify] section "
                         "(its benchmarks, or net.tcp_rr); roll back a regression (exit 9)");
  auto* nv = sub.add_flag("--no-verify", o.no_verify, "Do not verify, whatever the profile says");
  v->excludes(nv);
  auto* cmd = sub.add_option("--verify-cmd", o.command,
                             "Verify with this workload instead: run without a shell, once per "
                             "measurement; it prints one number")
                  ->excludes(nv);
  sub.add_option("--verify-better", o.better, "Which way --verify-cmd's number is better")
      ->check(CLI::IsMember({"higher", "lower"}))
      ->needs(cmd);
  sub.add_option("--verify-budget", o.budget, "Seconds of benchmarking at most (default 60)")
      ->check(CLI::Range(1.0, 3600.0));
}

std::optional<ApplyVerification> plan_verification(const VerifyOpts& o, const Profile& profile,
                                                   const std::vector<ChangeRequest>& changes,
                                                   const HostFs& fs, bool live_host,
                                                   bool json_output, std::string& error) {
  const VerifyPolicy& pol = profile.verify;
  bool wanted = !o.no_verify && (o.verify || !o.command.empty() || !pol.benchmarks.empty());
  if (!wanted || changes.empty()) return std::nullopt;
  bool asked = o.verify || !o.command.empty();
  if (!live_host) {
    // The profile's [verify] applies to the live host only: a --root tree has nothing to run.
    if (asked) error = "verification measures the live host; --root cannot be used with it";
    return std::nullopt;
  }
  if (!o.command.empty() && o.better.empty()) {
    error = "--verify-cmd needs --verify-better higher|lower";
    return std::nullopt;
  }
  std::vector<std::unique_ptr<verify::Workload>> workloads;
  bench::Env env{fs};  // each workload keeps a copy (fs outlives the apply)
  if (!o.command.empty()) {
    try {
      workloads.push_back(
          verify::command_workload(verify::split_command(o.command), o.better == "higher"));
    } catch (const std::exception& e) {
      error = std::string("--verify-cmd: ") + e.what();
      return std::nullopt;
    }
  } else {
    std::vector<std::string> names;
    for (const ProfileRef& r : pol.benchmarks) names.push_back(r.name);
    if (names.empty()) names.push_back("net.tcp_rr");
    for (const std::string& n : names) {
      const bench::BenchmarkSpec* spec = bench::find_benchmark(n);
      if (!spec) {
        error = "unknown benchmark '" + n + "' in [verify]";
        return std::nullopt;
      }
      workloads.push_back(verify::bench_workload(*spec, env));
    }
  }
  verify::VerifyOptions vo;
  vo.max_regression = double(pol.max_regression_or_default()) / 10000.0;
  vo.cap = pol.repetitions_or_default();
  vo.budget_seconds = o.budget;
  for (const ChangeRequest& c : changes)
    if (!verify::cheap_to_switch(c.knob)) {
      vo.interleaved = false;
      vo.sequential_reason = format_knob(c.knob) +
                             " is not cheap to switch between runs: the baseline is measured "
                             "before the apply and the candidate after it";
      break;
    }
  ApplyVerification av;
  av.progress_on = !json_output && ::isatty(STDERR_FILENO);
  verify::VerifyProgress progress;
  if (av.progress_on)
    progress = [](const std::string& name, Arm arm, int pair, int pairs, double eta) {
      std::fprintf(stderr, "\r\033[Kverify %s  A/B %d/%d %s  ETA %.0fs", name.c_str(), pair, pairs,
                   arm_name(arm), eta);
      std::fflush(stderr);
    };
  av.verifier = std::make_unique<verify::Verifier>(std::move(workloads), vo, progress);
  return av;
}

VerifyHooks verify_hooks(ApplyVerification& v) {
  VerifyHooks h;
  h.plan = v.verifier->plan_json();
  verify::Verifier* verifier = v.verifier.get();
  bool progress_on = v.progress_on;
  if (h.plan.value("mode", "") == "sequential")
    h.before_changes = [verifier, progress_on]() -> Result<void> {
      Result<void> r = verifier->measure_baselines();
      if (progress_on) std::fprintf(stderr, "\r\033[K");
      return r;
    };
  h.judge = [&v, verifier, progress_on](ArmSwitch& arms) -> Result<VerifyDecision> {
    Result<verify::VerificationReport> rep = verifier->run(arms);
    if (progress_on) std::fprintf(stderr, "\r\033[K");
    if (!rep) return rep.error();
    v.report = *rep;
    return VerifyDecision{verify::report_json(*rep), rep->roll_back, rep->message};
  };
  return h;
}

}  // namespace vtune::cli
