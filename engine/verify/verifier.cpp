#include "engine/verify/verifier.h"

#include "bench/stats.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>

namespace vtune::verify {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// A switch that failed, carried out of the measuring loop to run()'s caller.
struct SwitchFailed {
  SysError error;
};

// The smallest two-sided p-value the exact test reaches with n repetitions per arm: total
// separation, 2 / C(2n, n). The product stops once C passes 1e12 (p below any alpha).
double min_exact_p(int n) {
  double c = 1;
  for (int k = 1; k <= n && c < 1e12; ++k) c = c * double(n + k) / double(k);
  return std::min(1.0, 2 / c);
}

Readiness assess(const WorkloadVerdict& v, int reps, int affordable, const LookSchedule& s,
                 double max_regression) {
  Readiness r;
  r.measured = true;
  // The host's noise: the baseline's (a broken candidate's spread says nothing about it).
  r.cv = bench::coefficient_of_variation(v.baseline);
  r.affordable_reps = affordable;
  double alpha = s.alpha_per_look();
  r.smallest_resolvable =
      min_exact_p(reps) >= alpha ? INFINITY : smallest_resolvable(r.cv, reps, alpha);
  r.can_resolve = r.smallest_resolvable <= max_regression;
  LookSchedule wide = look_schedule(std::max(1, affordable));
  r.smallest_at_budget = min_exact_p(affordable) >= wide.alpha_per_look()
                             ? INFINITY
                             : smallest_resolvable(r.cv, affordable, wide.alpha_per_look());
  std::string at = " with " + std::to_string(reps) + " repetitions per arm (noise CV " +
                   percent_text(r.cv) + ")";
  if (std::isinf(r.smallest_resolvable))
    r.message = "too few repetitions to resolve " + percent_text(max_regression) +
                " within the budget: " + std::to_string(reps) +
                " per arm cannot reach significance";
  else if (!r.can_resolve)
    r.message = "too noisy to resolve " + percent_text(max_regression) +
                " within the budget: smallest resolvable ~" + percent_text(r.smallest_resolvable) +
                at;
  else
    r.message = "resolves " + percent_text(max_regression) + ": smallest resolvable ~" +
                percent_text(r.smallest_resolvable) + at;
  if (!r.can_resolve && affordable > reps && std::isfinite(r.smallest_at_budget))
    r.message += "; the budget affords " + std::to_string(affordable) + " per arm (~" +
                 percent_text(r.smallest_at_budget) + "): raise [verify] repetitions";
  return r;
}

}  // namespace

bool cheap_to_switch(const Knob& knob) {
  switch (knob.kind) {
    case KnobKind::Sysctl:
    case KnobKind::Sysfs:
    case KnobKind::Rps:
    case KnobKind::RpsFlow:
    case KnobKind::Xps:
      return true;
    case KnobKind::Ethtool:
      return knob.field.rfind("features.", 0) == 0;
    default:
      return false;  // irq_affinity moves interrupts; modprobe, daemon_json, vmx need a reload
  }
}

Verifier::Verifier(std::vector<std::unique_ptr<Workload>> workloads, VerifyOptions options,
                   VerifyProgress progress)
    : workloads_(std::move(workloads)), opt_(std::move(options)), progress_(std::move(progress)) {
  for (const std::unique_ptr<Workload>& w : workloads_) {
    WorkloadVerdict v;
    v.name = w->name();
    v.unit = w->unit();
    v.higher_is_better = w->higher_is_better();
    verdicts_.push_back(std::move(v));
  }
}

double Verifier::share_left(size_t w) const {
  double left = std::max(0.0, opt_.budget_seconds - spent_);
  return left / double(workloads_.size() - w);
}

// Takes looks of the schedule for v's cap, measuring up to each look's repetitions with
// measure_to(n) (false: it could not go on); judges at each and stops at a final verdict.
void Verifier::judge_at_looks(WorkloadVerdict& v, const std::function<bool(int)>& measure_to) {
  int cap = std::max(1, std::min(opt_.cap, v.readiness.affordable_reps));
  LookSchedule s = look_schedule(cap);
  for (size_t i = 0; i < s.looks.size(); ++i) {
    if (!measure_to(s.looks[i])) return;
    if (i == 0) v.readiness = assess(v, cap, v.readiness.affordable_reps, s, opt_.max_regression);
    ++v.looks;
    v.judgement = judge({v.baseline, v.candidate, v.higher_is_better, opt_.max_regression,
                         s.alpha_per_look(), i + 1 == s.looks.size(), v.readiness.can_resolve,
                         opt_.seed + verdicts_.size() * 7919 + size_t(v.looks)});
    if (v.judgement.final) return;
  }
}

Result<void> Verifier::run_interleaved(size_t w, ArmSwitch& arms) {
  Workload& wl = *workloads_[w];
  WorkloadVerdict& v = verdicts_[w];
  const double share = share_left(w);
  Clock::time_point t0 = Clock::now();
  double pair_cost = 0;
  int planned = opt_.cap;
  auto measure_arm = [&](Arm arm) {
    if (arms.current() != arm)
      if (Result<void> s = arms.switch_to(arm); !s) throw SwitchFailed{s.error()};
    int pair = int(v.candidate.size()) + 1;
    // Before the first pair is timed, the budget left is the best guess.
    double eta = pair_cost > 0 ? double(planned - pair + 1) * pair_cost +
                                     share_left(w) * double(workloads_.size() - w - 1)
                               : share_left(w) * double(workloads_.size() - w);
    if (progress_) progress_(v.name, arm, pair, planned, eta);
    (arm == Arm::Baseline ? v.baseline : v.candidate).push_back(wl.measure());
  };
  try {
    if (arms.current() != Arm::Baseline)
      if (Result<void> s = arms.switch_to(Arm::Baseline); !s) throw SwitchFailed{s.error()};
    wl.prepare();
    Clock::time_point p0 = Clock::now();
    measure_arm(Arm::Baseline);
    measure_arm(Arm::Candidate);
    pair_cost = since(p0);
    double left = share - since(t0);
    v.readiness.affordable_reps =
        1 + (pair_cost > 0 ? int(std::max(0.0, std::floor(left / pair_cost))) : opt_.cap);
    planned = std::max(1, std::min(opt_.cap, v.readiness.affordable_reps));
    judge_at_looks(v, [&](int n) {
      while (int(v.candidate.size()) < n) {
        measure_arm(Arm::Baseline);
        measure_arm(Arm::Candidate);
      }
      return true;
    });
  } catch (const SwitchFailed& f) {
    v.seconds = since(t0);
    spent_ += v.seconds;
    return f.error;
  } catch (const std::exception& e) {
    v.error = e.what();
    v.judgement = Judgement{};
    v.judgement.reason = "could not run: " + v.error;
  }
  v.seconds = since(t0);
  spent_ += v.seconds;
  return {};
}

Result<void> Verifier::measure_baselines() {
  for (size_t w = 0; w < workloads_.size(); ++w) {
    Workload& wl = *workloads_[w];
    WorkloadVerdict& v = verdicts_[w];
    Clock::time_point t0 = Clock::now();
    // Half of this workload's share: the candidate gets the other half.
    double share = opt_.budget_seconds / double(workloads_.size()) / 2;
    try {
      wl.prepare();
      Clock::time_point p0 = Clock::now();
      if (progress_)
        progress_(v.name, Arm::Baseline, 1, opt_.cap, share * double(2 * workloads_.size() - w));
      v.baseline.push_back(wl.measure());
      double cost = since(p0);
      double left = share - since(t0);
      v.readiness.affordable_reps =
          1 + (cost > 0 ? int(std::max(0.0, std::floor(left / cost))) : opt_.cap);
      int planned = std::max(1, std::min(opt_.cap, v.readiness.affordable_reps));
      while (int(v.baseline.size()) < planned) {
        int n = int(v.baseline.size()) + 1;
        if (progress_) progress_(v.name, Arm::Baseline, n, planned, double(planned - n + 1) * cost);
        v.baseline.push_back(wl.measure());
      }
    } catch (const std::exception& e) {
      v.error = e.what();
    }
    v.seconds = since(t0);
    spent_ += v.seconds;
  }
  return {};
}

void Verifier::run_candidate(size_t w) {
  Workload& wl = *workloads_[w];
  WorkloadVerdict& v = verdicts_[w];
  Clock::time_point t0 = Clock::now();
  if (v.error.empty()) {
    try {
      wl.prepare();
      int planned = int(v.baseline.size());
      v.readiness.affordable_reps = planned;
      judge_at_looks(v, [&](int n) {
        while (int(v.candidate.size()) < n) {
          if (progress_) progress_(v.name, Arm::Candidate, int(v.candidate.size()) + 1, planned, 0);
          v.candidate.push_back(wl.measure());
        }
        return true;
      });
    } catch (const std::exception& e) {
      v.error = e.what();
    }
  }
  if (!v.error.empty()) {
    v.judgement = Judgement{};
    v.judgement.reason = "could not run: " + v.error;
  }
  v.seconds += since(t0);
  spent_ += since(t0);
}

Result<VerificationReport> Verifier::run(ArmSwitch& arms) {
  Clock::time_point t0 = Clock::now();
  double before = spent_;
  for (size_t w = 0; w < workloads_.size(); ++w) {
    if (opt_.interleaved) {
      if (Result<void> r = run_interleaved(w, arms); !r) return r.error();
    } else {
      run_candidate(w);
    }
  }
  VerificationReport rep;
  rep.mode = opt_.interleaved ? "interleaved" : "sequential";
  rep.sequential_reason = opt_.sequential_reason;
  rep.max_regression = opt_.max_regression;
  rep.budget_seconds = opt_.budget_seconds;
  rep.cap = opt_.cap;
  rep.seconds = before + since(t0);
  rep.workloads = verdicts_;
  for (const WorkloadVerdict& v : verdicts_)
    if (v.judgement.roll_back) {
      rep.roll_back = true;
      rep.message +=
          (rep.message.empty() ? "verification: " : "; ") + v.name + " " + v.judgement.reason;
    }
  return rep;
}

Json Verifier::plan_json() const {
  Json names = Json::array();
  for (const WorkloadVerdict& v : verdicts_) names.push_back(v.name);
  return {{"mode", opt_.interleaved ? "interleaved" : "sequential"},
          {"sequential_reason", opt_.sequential_reason},
          {"benchmarks", names},
          {"max_regression", opt_.max_regression},
          {"repetitions_cap", opt_.cap},
          {"budget_seconds", opt_.budget_seconds}};
}

}  // namespace vtune::verify
