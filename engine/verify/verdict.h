#pragma once
// The verdict on one benchmark from its two arms, and the adaptive repetitions that lead to
// it: pure functions (docs/verify.md has the decision rule in prose).
//
// Looks: the first after `first` repetitions per arm, then every `step` more, the last at
// `cap`. Each look tests at alpha / looks (Bonferroni), so over all looks the chance of
// calling identical distributions "regressed" or "improved" stays at most alpha.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/verify/compare_stats.h"

namespace vtune::verify {

enum class Verdict { Improved, Regressed, NoChange, Inconclusive };
// "improved", "regressed", "no significant change", "inconclusive"
const char* verdict_name(Verdict v);
// A fraction as a percentage with one decimal: 0.05 -> "5.0%".
std::string percent_text(double fraction);

inline constexpr double kAlpha = 0.05;  // the stated false-positive rate over all looks
inline constexpr int kFirstLook = 5;    // repetitions per arm before the first look
inline constexpr int kMaxLooks = 6;

struct LookSchedule {
  std::vector<int> looks;  // repetitions per arm at each look, ascending, the last == cap
  double alpha_per_look() const { return kAlpha / double(looks.size()); }
};
// The looks for a cap of repetitions per arm: min(cap, kFirstLook) first, then steps of at
// least kFirstLook, at most kMaxLooks in all. Throws std::invalid_argument on cap < 1.
LookSchedule look_schedule(int cap);

struct Judgement {
  Verdict verdict = Verdict::Inconclusive;
  bool final = false;      // no more repetitions would be taken
  bool roll_back = false;  // regressed, with the whole CI beyond max_regression
  double ratio = 0;        // median(candidate) / median(baseline)
  double ci_lo = 0, ci_hi = 0;
  double p = 1;
  bool exact = false;  // p from the exact distribution of U
  // The regression, as a fraction of the baseline (positive = worse, in the benchmark's
  // direction), and its CI: 1 - ratio for higher-is-better, ratio - 1 for lower-is-better.
  double regression = 0, regression_lo = 0, regression_hi = 0;
  std::string reason;
};

struct JudgeInput {
  const std::vector<double>& baseline;
  const std::vector<double>& candidate;
  bool higher_is_better = true;
  double max_regression = 0.05;  // a fraction
  double alpha = kAlpha;         // of this look
  bool last_look = true;
  bool resolvable = true;  // readiness: the budget can resolve max_regression
  uint64_t seed = 1;
};
Judgement judge(const JudgeInput& in);

// Readiness: the smallest regression (a fraction) that `reps` repetitions per arm resolve at
// a two-sided `alpha` with 80% power, for a benchmark whose coefficient of variation is `cv`:
// (z(1 - alpha/2) + z(0.8)) · sqrt(2) · 1.2533 · cv / sqrt(reps). 1.2533 = sqrt(pi/2) is the
// standard error of a median over that of a mean, for normal noise.
double smallest_resolvable(double cv, int reps, double alpha);

// The pooled coefficient of variation of the two arms (root mean square of each arm's).
double pooled_cv(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace vtune::verify
