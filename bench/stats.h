#pragma once
// Summary statistics of one benchmark's repetitions. Pure functions.
//
// The 95% confidence interval of the median is distribution-free, from order statistics:
// with the samples sorted, [x(k), x(n+1-k)] covers the true median with probability
// 1 - 2·P(B <= k-1), B ~ Binomial(n, 1/2). k is the largest rank whose coverage is still at
// least 95%. Below 6 samples no pair reaches 95%; the interval is then [min, max] and
// `ci_coverage` says how much it really covers (93.75% for 5 samples).
#include <vector>

namespace vtune::bench {

struct Summary {
  int reps = 0;
  double median = 0;
  double min = 0;
  double max = 0;
  double ci_lo = 0;
  double ci_hi = 0;
  double ci_coverage = 0;  // the exact coverage of [ci_lo, ci_hi]
  double cv = 0;           // sample standard deviation (n-1) / mean; 0 for one sample
};

double median(std::vector<double> xs);
double coefficient_of_variation(const std::vector<double>& xs);

// The rank k (1-based) of the order-statistic interval [x(k), x(n+1-k)], and its coverage.
struct MedianCiRank {
  int k = 1;
  double coverage = 0;
};
MedianCiRank median_ci_rank(int n, double confidence = 0.95);

// Throws std::invalid_argument on no samples.
Summary summarize(const std::vector<double>& xs);

// The p-th percentile (0..100) by linear interpolation between closest ranks (numpy's
// default); for latency distributions inside one repetition.
double percentile(std::vector<double> xs, double p);

}  // namespace vtune::bench
