#pragma once
// Comparing two sets of samples, baseline (A) and candidate (B): pure functions, seeded where
// random (docs/verify.md).
//
// - The ratio of medians, median(B) / median(A), with a percentile bootstrap confidence
//   interval: each arm resampled with replacement, independently, `resamples` times, from a
//   std::mt19937_64 seeded with `seed`, so the same samples and seed give the same interval.
// - A two-sided Mann-Whitney U test. Exact (the null distribution of U counted over every
//   ordering) when there are no ties and both arms have at most kExactMannWhitneyMax samples;
//   otherwise the normal approximation with the tie correction of the variance and a
//   continuity correction of 0.5.
#include <cstdint>
#include <vector>

namespace vtune::verify {

inline constexpr int kExactMannWhitneyMax = 50;

struct MannWhitney {
  double u = 0;  // U of the candidate arm: #{(a, b) : b > a} + ½·#{b == a}
  double p = 1;  // two-sided
  bool exact = false;
};
// Throws std::invalid_argument when an arm is empty.
MannWhitney mann_whitney(const std::vector<double>& a, const std::vector<double>& b);

struct RatioCi {
  double ratio = 0;  // median(b) / median(a)
  double lo = 0, hi = 0;
};
// Throws std::invalid_argument when an arm is empty or a median of `a` is not positive.
RatioCi bootstrap_ratio_ci(const std::vector<double>& a, const std::vector<double>& b,
                           uint64_t seed, int resamples = 2000, double confidence = 0.95);

// The standard normal distribution function and its inverse.
double normal_cdf(double z);
double normal_quantile(double p);

}  // namespace vtune::verify
