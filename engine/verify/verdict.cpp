#include "engine/verify/verdict.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "bench/stats.h"

namespace vtune::verify {
std::string percent_text(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", fraction * 100);
  return buf;
}

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Improved:
      return "improved";
    case Verdict::Regressed:
      return "regressed";
    case Verdict::NoChange:
      return "no significant change";
    case Verdict::Inconclusive:
      return "inconclusive";
  }
  return "inconclusive";
}

LookSchedule look_schedule(int cap) {
  if (cap < 1) throw std::invalid_argument("the repetition cap must be at least 1");
  LookSchedule s;
  int first = std::min(cap, kFirstLook);
  int step = std::max(kFirstLook, (cap - first + kMaxLooks - 2) / (kMaxLooks - 1));
  for (int n = first; n < cap; n += step) s.looks.push_back(n);
  s.looks.push_back(cap);
  return s;
}

Judgement judge(const JudgeInput& in) {
  Judgement j;
  MannWhitney mw = mann_whitney(in.baseline, in.candidate);
  RatioCi ci = bootstrap_ratio_ci(in.baseline, in.candidate, in.seed);
  j.p = mw.p;
  j.exact = mw.exact;
  j.ratio = ci.ratio;
  j.ci_lo = ci.lo;
  j.ci_hi = ci.hi;
  if (in.higher_is_better) {
    j.regression = 1 - ci.ratio;
    j.regression_lo = 1 - ci.hi;
    j.regression_hi = 1 - ci.lo;
  } else {
    j.regression = ci.ratio - 1;
    j.regression_lo = ci.lo - 1;
    j.regression_hi = ci.hi - 1;
  }
  const double m = in.max_regression;
  const bool ci_excludes_one = ci.lo > 1 || ci.hi < 1;
  const bool significant = mw.p < in.alpha && ci_excludes_one;
  const std::string ci_text = "CI of the change [" + percent_text(-j.regression_hi) + ", " +
                              percent_text(-j.regression_lo) + "]";
  if (significant && j.regression > 0) {
    j.verdict = Verdict::Regressed;
    if (j.regression_lo > m) {
      j.final = j.roll_back = true;
      j.reason = "regressed beyond " + percent_text(m) + ": " + ci_text;
    } else if (j.regression_hi <= m) {
      j.final = true;
      j.reason = "regressed, but within " + percent_text(m) + ": " + ci_text;
    } else {
      j.final = in.last_look;
      j.reason = "regressed; the CI reaches both sides of " + percent_text(m) + ": " + ci_text;
    }
    return j;
  }
  if (significant) {
    j.verdict = Verdict::Improved;
    j.final = true;
    j.reason = "improved: " + ci_text;
    return j;
  }
  if (!in.resolvable) {
    j.verdict = Verdict::Inconclusive;
    j.final = in.last_look;
    j.reason = "no significant difference, but too noisy to tell a " + percent_text(m) +
               " regression from none: " + ci_text;
    return j;
  }
  if (j.regression_hi < m && j.regression_lo > -m) {
    j.verdict = Verdict::NoChange;
    j.final = true;
    j.reason =
        "no significant difference, and the CI lies within ±" + percent_text(m) + ": " + ci_text;
    return j;
  }
  j.verdict = Verdict::Inconclusive;
  j.final = in.last_look;
  j.reason =
      "no significant difference, but the CI reaches beyond ±" + percent_text(m) + ": " + ci_text;
  return j;
}

double smallest_resolvable(double cv, int reps, double alpha) {
  if (reps < 1) return INFINITY;
  double z = normal_quantile(1 - alpha / 2) + normal_quantile(0.8);
  return z * std::sqrt(2.0) * std::sqrt(M_PI / 2) * cv / std::sqrt(double(reps));
}

double pooled_cv(const std::vector<double>& a, const std::vector<double>& b) {
  double ca = bench::coefficient_of_variation(a), cb = bench::coefficient_of_variation(b);
  return std::sqrt((ca * ca + cb * cb) / 2);
}

}  // namespace vtune::verify
