#include "bench/stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace vtune::bench {

double median(std::vector<double> xs) {
  if (xs.empty()) throw std::invalid_argument("median of no samples");
  std::sort(xs.begin(), xs.end());
  size_t n = xs.size();
  return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

double coefficient_of_variation(const std::vector<double>& xs) {
  if (xs.size() < 2) return 0;
  double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / double(xs.size());
  if (mean == 0) return 0;
  double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / double(xs.size() - 1)) / std::fabs(mean);
}

// P(B <= j) for B ~ Binomial(n, 1/2), summed exactly in doubles (n is a repetition count).
static double binomial_half_cdf(int n, int j) {
  double c = 1;  // C(n, 0)
  double sum = 0;
  for (int i = 0; i <= j; ++i) {
    sum += c;
    c = c * double(n - i) / double(i + 1);
  }
  return sum / std::pow(2.0, n);
}

MedianCiRank median_ci_rank(int n, double confidence) {
  MedianCiRank best{1, n >= 1 ? 1 - 2 * binomial_half_cdf(n, 0) : 0};
  if (n == 1) best.coverage = 0;
  for (int k = 2; 2 * k <= n + 1; ++k) {
    double coverage = 1 - 2 * binomial_half_cdf(n, k - 1);
    if (coverage < confidence) break;
    best = {k, coverage};
  }
  return best;
}

Summary summarize(const std::vector<double>& xs) {
  if (xs.empty()) throw std::invalid_argument("summary of no samples");
  std::vector<double> s = xs;
  std::sort(s.begin(), s.end());
  Summary out;
  out.reps = int(s.size());
  out.median = median(s);
  out.min = s.front();
  out.max = s.back();
  MedianCiRank r = median_ci_rank(out.reps);
  out.ci_lo = s[size_t(r.k - 1)];
  out.ci_hi = s[s.size() - size_t(r.k)];
  out.ci_coverage = r.coverage;
  out.cv = coefficient_of_variation(s);
  return out;
}

double percentile(std::vector<double> xs, double p) {
  if (xs.empty()) throw std::invalid_argument("percentile of no samples");
  std::sort(xs.begin(), xs.end());
  double pos = std::clamp(p, 0.0, 100.0) / 100.0 * double(xs.size() - 1);
  size_t lo = size_t(std::floor(pos));
  size_t hi = std::min(lo + 1, xs.size() - 1);
  return xs[lo] + (xs[hi] - xs[lo]) * (pos - double(lo));
}

}  // namespace vtune::bench
