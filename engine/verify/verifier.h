#pragma once
// Verified apply (docs/verify.md): each workload measured on the baseline (the host before
// the change) and the candidate (after it), judged by verdict.h, within a time budget.
//
// Interleaved, when every change is cheap to switch (sysctl, sysfs, rps/xps, ethtool
// features): the host is switched before each measurement, A B A B ..., so that drift of the
// machine reads as noise in both arms rather than as an effect. Otherwise sequential: the
// baseline is measured before the apply (before_changes) and the candidate after it.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "appliers/knob.h"
#include "engine/core/json.h"
#include "engine/core/result.h"
#include "engine/txn/verify_hook.h"
#include "engine/verify/verdict.h"
#include "engine/verify/workload.h"

namespace vtune::verify {

inline constexpr double kDefaultBudgetSeconds = 60;

// Whether a change of this knob can be switched back and forth between measurements: a
// write of a value that takes effect at once and costs nothing to undo.
bool cheap_to_switch(const Knob& knob);

struct VerifyOptions {
  double max_regression = 0.05;  // a fraction
  int cap = 5;                   // repetitions per arm at most (the profile's `repetitions`)
  double budget_seconds = kDefaultBudgetSeconds;  // for the whole set
  bool interleaved = true;
  std::string sequential_reason;  // which change is not cheap to switch
  uint64_t seed = 20260512;
};

struct Readiness {
  bool measured = false;
  double cv = 0;                   // the baseline's coefficient of variation at the first look
  int affordable_reps = 0;         // per arm, within this workload's share of the budget
  double smallest_resolvable = 0;  // a fraction; +inf when no test at that size can be significant
  bool can_resolve = false;        // smallest_resolvable <= max_regression
  // What the whole share of the budget would resolve (affordable_reps per arm, ignoring the
  // cap): tells whether raising `repetitions` would help.
  double smallest_at_budget = 0;
  std::string message;
};

struct WorkloadVerdict {
  std::string name, unit;
  bool higher_is_better = true;
  std::vector<double> baseline, candidate;
  Judgement judgement;
  Readiness readiness;
  int looks = 0;       // looks taken
  double seconds = 0;  // wall time spent on this workload
  std::string error;   // it could not run: verdict inconclusive
};

struct VerificationReport {
  std::string mode;  // "interleaved" or "sequential"
  std::string sequential_reason;
  double max_regression = 0, budget_seconds = 0, seconds = 0;
  int cap = 0;
  std::vector<WorkloadVerdict> workloads;
  bool roll_back = false;
  std::string message;
};

// Called before each measurement: the workload, the arm, the pair (1-based) and the pairs
// planned, and the seconds still expected for the whole set.
using VerifyProgress = std::function<void(const std::string& workload, Arm arm, int pair, int pairs,
                                          double eta_seconds)>;

class Verifier {
 public:
  Verifier(std::vector<std::unique_ptr<Workload>> workloads, VerifyOptions options,
           VerifyProgress progress = {});
  // Sequential mode: measures every baseline now (the host not yet changed).
  Result<void> measure_baselines();
  // Measures (and, interleaved, switches) until every workload has its verdict. An error
  // only when a switch failed; a workload that cannot run gets verdict inconclusive.
  Result<VerificationReport> run(ArmSwitch& arms);

  Json plan_json() const;  // verify_begin's content

 private:
  Result<void> run_interleaved(size_t w, ArmSwitch& arms);
  void run_candidate(size_t w);
  double share_left(size_t w) const;
  void judge_at_looks(WorkloadVerdict& v, const std::function<bool(int)>& measure_to);

  std::vector<std::unique_ptr<Workload>> workloads_;
  VerifyOptions opt_;
  VerifyProgress progress_;
  std::vector<WorkloadVerdict> verdicts_;
  double spent_ = 0;  // seconds of the budget used so far
};

Json report_json(const VerificationReport& r);
std::string report_text(const VerificationReport& r);

}  // namespace vtune::verify
