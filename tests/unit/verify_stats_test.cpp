// The statistics of verified apply (engine/verify/compare_stats.h, verdict.h) on literal
// samples and textbook examples.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "engine/verify/compare_stats.h"
#include "engine/verify/verdict.h"

using namespace vtune::verify;

TEST_CASE("verify: Mann-Whitney exact on the textbook example (scipy's mannwhitneyu docs)") {
  // Ages of male and female employees; U of the first sample is 17, exact two-sided p 1/9.
  std::vector<double> females = {20, 11, 17, 12}, males = {19, 22, 16, 29, 24};
  MannWhitney r = mann_whitney(females, males);
  CHECK(r.exact);
  CHECK(r.u == 17);
  CHECK(r.p == doctest::Approx(0.1111111111).epsilon(1e-9));
  // The arms swapped: U' = m·n - U, the same two-sided p.
  MannWhitney s = mann_whitney(males, females);
  CHECK(s.u == 3);
  CHECK(s.p == doctest::Approx(r.p).epsilon(1e-12));
}

TEST_CASE("verify: Mann-Whitney with ties uses the tie-corrected normal approximation") {
  // Ties in 2 (three values) and 3 (three values): variance m·n/12·((N+1) - Σ(t³-t)/(N(N-1)))
  // = 30/12·(12 - 48/110); z = (|24 - 15| - 0.5) / sqrt(var); p = 0.113903 (computed by hand).
  MannWhitney r = mann_whitney({1, 2, 2, 3, 4}, {2, 3, 3, 5, 6, 7});
  CHECK_FALSE(r.exact);
  CHECK(r.u == 24);
  CHECK(r.p == doctest::Approx(0.1139031446).epsilon(1e-8));
}

TEST_CASE("verify: Mann-Whitney exact extremes") {
  // Total separation of 5 and 5: 2 / C(10, 5) = 2/252.
  MannWhitney r = mann_whitney({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10});
  CHECK(r.u == 25);
  CHECK(r.p == doctest::Approx(2.0 / 252).epsilon(1e-12));
  // Every value equal: no evidence at all.
  CHECK(mann_whitney({3, 3, 3}, {3, 3, 3}).p == 1);
  CHECK_THROWS(mann_whitney({}, {1}));
}

TEST_CASE("verify: bootstrap CI of the ratio of medians on literal samples") {
  // Constant arms: every resample has the same medians, so the interval is the point.
  RatioCi c = bootstrap_ratio_ci({10, 10, 10, 10, 10}, {11, 11, 11, 11, 11}, 7);
  CHECK(c.ratio == doctest::Approx(1.1));
  CHECK(c.lo == doctest::Approx(1.1));
  CHECK(c.hi == doctest::Approx(1.1));
  // Separated arms: a resampled ratio lies between min(b)/max(a) and max(b)/min(a).
  std::vector<double> a = {100, 102, 98, 101, 99, 103, 97}, b = {90, 92, 88, 91, 89, 93, 87};
  RatioCi d = bootstrap_ratio_ci(a, b, 42);
  CHECK(d.ratio == doctest::Approx(90.0 / 100));
  CHECK(d.lo <= d.ratio);
  CHECK(d.hi >= d.ratio);
  CHECK(d.lo >= 87.0 / 103 - 1e-12);
  CHECK(d.hi <= 93.0 / 97 + 1e-12);
  CHECK(d.hi < 1);
  // Seeded: the same seed gives the same interval.
  RatioCi e = bootstrap_ratio_ci(a, b, 42);
  CHECK(e.lo == d.lo);
  CHECK(e.hi == d.hi);
  CHECK_THROWS(bootstrap_ratio_ci({0, 0, 0}, {1, 2, 3}, 1));
}

namespace {

std::vector<double> normal_samples(std::mt19937_64& rng, int n, double mean, double cv) {
  std::normal_distribution<double> d(mean, mean * cv);
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(d(rng));
  return out;
}

}  // namespace

TEST_CASE("verify: a known 10% shift is detected, in both directions") {
  std::mt19937_64 rng(1);
  std::vector<double> base = normal_samples(rng, 10, 1000, 0.02);
  std::vector<double> worse = normal_samples(rng, 10, 900, 0.02);  // 10% less throughput
  Judgement j = judge({base, worse, true, 0.05, 0.05, true, true, 3});
  CHECK(j.verdict == Verdict::Regressed);
  CHECK(j.roll_back);  // the whole CI is beyond 5%
  CHECK(j.regression == doctest::Approx(0.10).epsilon(0.3));
  CHECK(j.regression_lo > 0.05);
  // The same shift for a latency (lower is better) is an improvement.
  Judgement k = judge({base, worse, false, 0.05, 0.05, true, true, 3});
  CHECK(k.verdict == Verdict::Improved);
  CHECK_FALSE(k.roll_back);
}

TEST_CASE("verify: no change within max_regression, inconclusive when too noisy") {
  std::mt19937_64 rng(2);
  std::vector<double> a = normal_samples(rng, 20, 1000, 0.01);
  std::vector<double> b = normal_samples(rng, 20, 1000, 0.01);
  Judgement j = judge({a, b, true, 0.05, 0.05, true, true, 3});
  CHECK(j.verdict == Verdict::NoChange);
  CHECK(j.final);
  Judgement k = judge({a, b, true, 0.05, 0.05, true, /*resolvable=*/false, 3});
  CHECK(k.verdict == Verdict::Inconclusive);
}

TEST_CASE("verify: identical distributions are flagged at most at the stated rate (1000 trials)") {
  std::mt19937_64 rng(3);
  LookSchedule s = look_schedule(10);  // looks at 5 and 10, alpha/2 each
  int flagged = 0;
  const int trials = 1000;
  for (int t = 0; t < trials; ++t) {
    std::vector<double> a = normal_samples(rng, 10, 500, 0.05);
    std::vector<double> b = normal_samples(rng, 10, 500, 0.05);
    for (size_t i = 0; i < s.looks.size(); ++i) {
      size_t n = size_t(s.looks[i]);
      std::vector<double> an(a.begin(), a.begin() + long(n)), bn(b.begin(), b.begin() + long(n));
      Judgement j = judge(
          {an, bn, true, 0.05, s.alpha_per_look(), i + 1 == s.looks.size(), true, uint64_t(t)});
      if (j.verdict == Verdict::Regressed || j.verdict == Verdict::Improved) ++flagged;
      if (j.final) break;
    }
  }
  MESSAGE("flagged " << flagged << " of " << trials << " (stated rate " << kAlpha << ")");
  CHECK(double(flagged) / trials <= kAlpha);
}

TEST_CASE("verify: the look schedule") {
  CHECK(look_schedule(5).looks == std::vector<int>{5});
  CHECK(look_schedule(3).looks == std::vector<int>{3});
  CHECK(look_schedule(7).looks == std::vector<int>{5, 7});
  CHECK(look_schedule(20).looks == std::vector<int>{5, 10, 15, 20});
  LookSchedule big = look_schedule(1000);
  CHECK(big.looks.size() <= size_t(kMaxLooks));
  CHECK(big.looks.back() == 1000);
  CHECK(big.alpha_per_look() == doctest::Approx(kAlpha / double(big.looks.size())));
  CHECK_THROWS(look_schedule(0));
}

TEST_CASE("verify: the smallest resolvable regression") {
  // (1.96 + 0.8416) · sqrt(2) · 1.2533 · 0.02 / sqrt(10) = 3.14%
  CHECK(smallest_resolvable(0.02, 10, 0.05) == doctest::Approx(0.0314).epsilon(0.01));
  // Four times the repetitions halve it.
  CHECK(smallest_resolvable(0.02, 40, 0.05) ==
        doctest::Approx(smallest_resolvable(0.02, 10, 0.05) / 2));
  CHECK(pooled_cv({1, 1, 1}, {2, 2, 2}) == 0);
}
