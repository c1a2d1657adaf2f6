#include "engine/verify/compare_stats.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "bench/stats.h"

namespace vtune::verify {
namespace {

void require_samples(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.empty() || b.empty()) throw std::invalid_argument("an arm has no samples");
}

// counts[u] = the number of orderings of m a's and n b's whose U (pairs with b > a) is u, for
// u = 0..m·n; they sum to C(m+n, m). Doubles: C(100, 50) ~ 1e29 fits. With f(i, j) the counts
// over i a's and j b's, the largest element is an a (it adds no pair) or a b (it is above all
// i a's): f(i, j)[u] = f(i-1, j)[u] + f(i, j-1)[u - i]. Row i is built from row i-1.
std::vector<double> u_counts(int m, int n) {
  std::vector<std::vector<double>> prev(size_t(n + 1)), row(size_t(n + 1));
  for (int i = 0; i <= m; ++i) {
    for (int j = 0; j <= n; ++j) {
      std::vector<double>& cell = row[size_t(j)];
      cell.assign(size_t(i * j + 1), 0.0);
      if (i == 0 || j == 0) {
        cell[0] = 1;
        continue;
      }
      const std::vector<double>& a_top = prev[size_t(j)];
      const std::vector<double>& b_top = row[size_t(j - 1)];
      for (size_t u = 0; u < a_top.size(); ++u) cell[u] += a_top[u];
      for (size_t u = 0; u < b_top.size(); ++u) cell[u + size_t(i)] += b_top[u];
    }
    std::swap(prev, row);
  }
  return prev[size_t(n)];
}

// The median of scratch values, reordering them (nth_element: linear, not a sort).
double median_in_place(std::vector<double>& xs) {
  size_t mid = xs.size() / 2;
  std::nth_element(xs.begin(), xs.begin() + long(mid), xs.end());
  double hi = xs[mid];
  if (xs.size() % 2 == 1) return hi;
  return (*std::max_element(xs.begin(), xs.begin() + long(mid)) + hi) / 2;
}

}  // namespace

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) throw std::invalid_argument("normal_quantile needs 0 < p < 1");
  // Bisection on the distribution function: slow but exact to double precision, and only
  // called a few times per verification.
  double lo = -40, hi = 40;
  for (int i = 0; i < 200; ++i) {
    double mid = 0.5 * (lo + hi);
    (normal_cdf(mid) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

MannWhitney mann_whitney(const std::vector<double>& a, const std::vector<double>& b) {
  require_samples(a, b);
  const double m = double(a.size()), n = double(b.size());
  // Ranks of the pooled samples, ties given their average rank.
  std::vector<std::pair<double, int>> pooled;  // value, arm (0 = a, 1 = b)
  for (double x : a) pooled.push_back({x, 0});
  for (double x : b) pooled.push_back({x, 1});
  std::sort(pooled.begin(), pooled.end());
  double rank_sum_b = 0, tie_term = 0;
  bool ties = false;
  for (size_t i = 0; i < pooled.size();) {
    size_t j = i;
    while (j < pooled.size() && pooled[j].first == pooled[i].first) ++j;
    double t = double(j - i);
    double avg_rank = (double(i + 1) + double(j)) / 2;
    for (size_t k = i; k < j; ++k)
      if (pooled[k].second == 1) rank_sum_b += avg_rank;
    if (t > 1) {
      ties = true;
      tie_term += t * t * t - t;
    }
    i = j;
  }
  MannWhitney r;
  r.u = rank_sum_b - n * (n + 1) / 2;
  const double mean = m * n / 2;
  if (!ties && a.size() <= size_t(kExactMannWhitneyMax) &&
      b.size() <= size_t(kExactMannWhitneyMax)) {
    std::vector<double> counts = u_counts(int(a.size()), int(b.size()));
    double total = 0, le = 0, ge = 0;
    for (size_t u = 0; u < counts.size(); ++u) {
      total += counts[u];
      if (double(u) <= r.u) le += counts[u];
      if (double(u) >= r.u) ge += counts[u];
    }
    r.p = std::min(1.0, 2 * std::min(le, ge) / total);
    r.exact = true;
    return r;
  }
  const double N = m + n;
  double var = m * n / 12 * ((N + 1) - tie_term / (N * (N - 1)));
  if (var <= 0) return r;  // every value equal: no evidence of a difference, p = 1
  double d = std::abs(r.u - mean) - 0.5;
  if (d < 0) d = 0;
  r.p = std::min(1.0, 2 * (1 - normal_cdf(d / std::sqrt(var))));
  return r;
}

RatioCi bootstrap_ratio_ci(const std::vector<double>& a, const std::vector<double>& b,
                           uint64_t seed, int resamples, double confidence) {
  require_samples(a, b);
  if (resamples < 1) throw std::invalid_argument("resamples must be at least 1");
  RatioCi r;
  double ma = bench::median(a);
  if (!(ma > 0)) throw std::invalid_argument("the baseline's median is not positive");
  r.ratio = bench::median(b) / ma;
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick_a(0, a.size() - 1), pick_b(0, b.size() - 1);
  std::vector<double> ratios, ra(a.size()), rb(b.size());
  ratios.reserve(size_t(resamples));
  for (int i = 0; i < resamples; ++i) {
    for (double& x : ra) x = a[pick_a(rng)];
    for (double& x : rb) x = b[pick_b(rng)];
    double da = median_in_place(ra);
    // A resample whose baseline median is not positive has no ratio; with positive
    // benchmark values (every benchmark's are) it does not happen.
    if (da > 0) ratios.push_back(median_in_place(rb) / da);
  }
  if (ratios.empty()) throw std::invalid_argument("no resample had a positive baseline median");
  std::sort(ratios.begin(), ratios.end());
  double tail = (1 - confidence) / 2;
  auto at = [&](double q) {
    // The q-quantile by linear interpolation between closest ranks.
    double pos = q * double(ratios.size() - 1);
    size_t lo = size_t(std::floor(pos));
    size_t hi = std::min(ratios.size() - 1, lo + 1);
    return ratios[lo] + (pos - double(lo)) * (ratios[hi] - ratios[lo]);
  };
  r.lo = at(tail);
  r.hi = at(1 - tail);
  return r;
}

}  // namespace vtune::verify
