#include <algorithm>

#include "engine/verify/workload.h"

namespace vtune::verify {
namespace {

class BenchWorkload final : public Workload {
 public:
  BenchWorkload(const bench::BenchmarkSpec& spec, const bench::Env& env, double seconds)
      : spec_(spec), env_(env), seconds_(seconds) {}
  std::string name() const override { return spec_.name; }
  std::string unit() const override { return spec_.unit; }
  bool higher_is_better() const override {
    return spec_.direction == bench::Direction::HigherIsBetter;
  }
  void prepare() override {
    session_ = spec_.factory(bench::default_params(spec_), env_);
    session_->measure(std::min(kVerifyWarmupSeconds, seconds_));
  }
  double measure() override {
    if (!session_) prepare();
    return session_->measure(seconds_).value;
  }

 private:
  const bench::BenchmarkSpec& spec_;
  bench::Env env_;
  double seconds_;
  std::unique_ptr<bench::Session> session_;
};

}  // namespace

std::unique_ptr<Workload> bench_workload(const bench::BenchmarkSpec& spec, const bench::Env& env,
                                         double seconds) {
  return std::make_unique<BenchWorkload>(spec, env, seconds);
}

}  // namespace vtune::verify
