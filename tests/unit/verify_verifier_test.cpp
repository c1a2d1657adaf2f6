// The verifier (engine/verify/verifier.h) with a fake host: an ArmSwitch that only records
// the arm, and workloads that draw seeded samples whose distribution depends on it.
#include <doctest/doctest.h>

#include <random>
#include <stdexcept>

#include "bench/benchmark.h"
#include "engine/verify/verifier.h"
#include "engine/verify/workload.h"

using namespace vtune;
using namespace vtune::verify;

namespace {

class FakeArms final : public ArmSwitch {
 public:
  Result<void> switch_to(Arm arm) override {
    if (fail_after >= 0 && switches >= fail_after) return SysError{0, "", "read back differs"};
    arm_ = arm;
    ++switches;
    sequence += arm == Arm::Baseline ? 'A' : 'B';
    return {};
  }
  Arm current() const override { return arm_; }
  int switches = 0;
  int fail_after = -1;
  std::string sequence;

 private:
  Arm arm_ = Arm::Candidate;
};

// Normal samples of mean `base` on the baseline and base·factor on the candidate.
class FakeWorkload final : public Workload {
 public:
  FakeWorkload(const FakeArms& arms, double factor, double cv, uint64_t seed, bool higher = true)
      : arms_(arms), factor_(factor), cv_(cv), rng_(seed), higher_(higher) {}
  std::string name() const override { return "fake"; }
  std::string unit() const override { return "ops"; }
  bool higher_is_better() const override { return higher_; }
  void prepare() override { ++prepared; }
  double measure() override {
    if (throw_at >= 0 && measured == throw_at) throw bench::BenchError("socket refused");
    ++measured;
    double mean = arms_.current() == Arm::Candidate ? 1000 * factor_ : 1000;
    return std::normal_distribution<double>(mean, mean * cv_)(rng_);
  }
  int prepared = 0, measured = 0, throw_at = -1;

 private:
  const FakeArms& arms_;
  double factor_, cv_;
  std::mt19937_64 rng_;
  bool higher_;
};

VerificationReport verify_one(FakeArms& arms, double factor, double cv, int cap, uint64_t seed,
                              double max_regression = 0.05) {
  std::vector<std::unique_ptr<Workload>> w;
  w.push_back(std::make_unique<FakeWorkload>(arms, factor, cv, seed));
  VerifyOptions o;
  o.cap = cap;
  o.max_regression = max_regression;
  Verifier v(std::move(w), o);
  Result<VerificationReport> r = v.run(arms);
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("verifier: interleaves A B A B and detects a 10% regression, which rolls back") {
  FakeArms arms;
  VerificationReport r = verify_one(arms, 0.90, 0.02, 20, 11);
  REQUIRE(r.workloads.size() == 1);
  const WorkloadVerdict& v = r.workloads[0];
  CHECK(v.judgement.verdict == Verdict::Regressed);
  CHECK(v.judgement.roll_back);
  CHECK(r.roll_back);
  CHECK(r.message.find("fake regressed beyond 5.0%") != std::string::npos);
  CHECK(v.baseline.size() == v.candidate.size());
  CHECK(v.baseline.size() == 5);  // clear at the first look
  CHECK(arms.sequence == "ABABABABAB");
  CHECK(v.readiness.measured);
  CHECK(v.readiness.can_resolve);
}

TEST_CASE("verifier: an improvement and no change") {
  FakeArms arms;
  CHECK(verify_one(arms, 1.20, 0.02, 10, 12).workloads[0].judgement.verdict == Verdict::Improved);
  FakeArms arms2;
  VerificationReport same = verify_one(arms2, 1.0, 0.005, 10, 13);
  CHECK(same.workloads[0].judgement.verdict == Verdict::NoChange);
  CHECK_FALSE(same.roll_back);
}

TEST_CASE("verifier: the adaptive repetitions stop at the cap, then inconclusive") {
  // A 4% shift under 6% noise against a 5% budget: never clear, so every look is taken.
  FakeArms arms;
  VerificationReport r = verify_one(arms, 0.96, 0.06, 20, 14);
  const WorkloadVerdict& v = r.workloads[0];
  CHECK(v.looks == 4);
  CHECK(v.baseline.size() == 20);
  CHECK(v.candidate.size() == 20);
  CHECK(v.judgement.final);
  CHECK(v.judgement.verdict != Verdict::Improved);
  CHECK_FALSE(v.judgement.roll_back);
}

TEST_CASE("verifier: readiness says plainly when the budget cannot resolve max_regression") {
  FakeArms arms;
  VerificationReport r = verify_one(arms, 1.0, 0.30, 5, 15);
  const WorkloadVerdict& v = r.workloads[0];
  CHECK_FALSE(v.readiness.can_resolve);
  CHECK(v.readiness.message.find("too noisy to resolve 5.0% within the budget: smallest "
                                 "resolvable ~") != std::string::npos);
  CHECK(v.judgement.verdict != Verdict::NoChange);  // it does not pretend
  // Three repetitions per arm can never reach significance at all.
  FakeArms arms3;
  VerificationReport t = verify_one(arms3, 1.0, 0.01, 3, 16);
  CHECK_FALSE(t.workloads[0].readiness.can_resolve);
  CHECK(t.workloads[0].readiness.message.find("cannot reach significance") != std::string::npos);
}

TEST_CASE("verifier: identical arms are flagged at most at the stated rate (500 trials)") {
  int flagged = 0;
  const int trials = 500;
  for (int t = 0; t < trials; ++t) {
    FakeArms arms;
    VerificationReport r = verify_one(arms, 1.0, 0.05, 10, 1000 + uint64_t(t));
    Verdict v = r.workloads[0].judgement.verdict;
    if (v == Verdict::Regressed || v == Verdict::Improved) ++flagged;
  }
  MESSAGE("flagged " << flagged << " of " << trials);
  CHECK(double(flagged) / trials <= kAlpha);
}

TEST_CASE("verifier: a failed switch is an error; a workload that cannot run is inconclusive") {
  FakeArms arms;
  arms.fail_after = 3;
  std::vector<std::unique_ptr<Workload>> w;
  w.push_back(std::make_unique<FakeWorkload>(arms, 1.0, 0.01, 1));
  Verifier v(std::move(w), VerifyOptions{});
  CHECK_FALSE(v.run(arms));

  FakeArms ok;
  std::vector<std::unique_ptr<Workload>> w2;
  auto broken = std::make_unique<FakeWorkload>(ok, 1.0, 0.01, 1);
  broken->throw_at = 2;
  w2.push_back(std::move(broken));
  w2.push_back(std::make_unique<FakeWorkload>(ok, 1.0, 0.005, 2));
  Verifier v2(std::move(w2), VerifyOptions{});
  Result<VerificationReport> r = v2.run(ok);
  REQUIRE(r);
  CHECK(r->workloads[0].judgement.verdict == Verdict::Inconclusive);
  CHECK(r->workloads[0].error == "socket refused");
  CHECK(r->workloads[1].judgement.verdict == Verdict::NoChange);
  Json j = report_json(*r);
  CHECK(j["benchmarks"][0]["error"] == "socket refused");
  CHECK(j["benchmarks"][1]["samples"]["baseline"].size() == 5);
}

TEST_CASE("verifier: sequential mode measures the baselines first and never switches") {
  FakeArms arms;
  std::vector<std::unique_ptr<Workload>> w;
  w.push_back(std::make_unique<FakeWorkload>(arms, 0.8, 0.02, 3));
  VerifyOptions o;
  o.interleaved = false;
  o.cap = 5;
  REQUIRE(arms.switch_to(Arm::Baseline));  // the host before the apply
  arms.switches = 0;
  Verifier v(std::move(w), o);
  REQUIRE(v.measure_baselines());
  REQUIRE(arms.switch_to(Arm::Candidate));  // the apply
  arms.switches = 0;
  Result<VerificationReport> r = v.run(arms);
  REQUIRE(r);
  CHECK(arms.switches == 0);
  CHECK(r->mode == "sequential");
  CHECK(r->workloads[0].baseline.size() == 5);
  CHECK(r->workloads[0].judgement.verdict == Verdict::Regressed);
}

TEST_CASE("verify: cheap to switch") {
  CHECK(cheap_to_switch(*parse_knob("sysctl:net.core.somaxconn").knob));
  CHECK_FALSE(cheap_to_switch(*parse_knob("modprobe:vmw_pvscsi:cmd_per_lun").knob));
}

TEST_CASE("verify: split_command without a shell") {
  CHECK(split_command("wrk -t2 -c 10 'http://x/a b'") ==
        std::vector<std::string>{"wrk", "-t2", "-c", "10", "http://x/a b"});
  CHECK(split_command(R"(echo "a \"q\" b" c\ d)") ==
        std::vector<std::string>{"echo", "a \"q\" b", "c d"});
  CHECK(split_command("a ''") == std::vector<std::string>{"a", ""});
  CHECK_THROWS(split_command("echo 'open"));
  CHECK_THROWS(split_command("   "));
}

TEST_CASE("verify: the command workload reads one number per run") {
  std::unique_ptr<Workload> w = command_workload({"echo", " 42.5 "}, true);
  w->prepare();
  CHECK(w->measure() == 42.5);
  std::unique_ptr<Workload> bad = command_workload({"echo", "fast"}, true);
  CHECK_THROWS_AS(bad->measure(), bench::BenchError);
  std::unique_ptr<Workload> fails = command_workload({"false"}, true);
  CHECK_THROWS_AS(fails->measure(), bench::BenchError);
}
