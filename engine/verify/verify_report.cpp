// The verification report as apply's JSON "verification" object and as text (docs/verify.md).
#include <cmath>
#include <cstdio>

#include "engine/verify/verifier.h"

namespace vtune::verify {
namespace {

// A fraction or ratio for JSON: +inf (nothing resolvable) is null.
Json number(double x) {
  return std::isfinite(x) ? Json(x) : Json();
}

std::string fmt(const char* f, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}

}  // namespace

Json report_json(const VerificationReport& r) {
  Json list = Json::array();
  for (const WorkloadVerdict& v : r.workloads) {
    const Judgement& j = v.judgement;
    bool judged = v.looks > 0;
    list.push_back({{"name", v.name},
                    {"unit", v.unit},
                    {"better", v.higher_is_better ? "higher" : "lower"},
                    {"verdict", verdict_name(j.verdict)},
                    {"ratio", judged ? number(j.ratio) : Json()},
                    {"ci95", judged ? Json::array({number(j.ci_lo), number(j.ci_hi)}) : Json()},
                    {"regression", judged ? number(j.regression) : Json()},
                    {"p_value", judged ? number(j.p) : Json()},
                    {"p_exact", j.exact},
                    {"reps", {{"baseline", v.baseline.size()}, {"candidate", v.candidate.size()}}},
                    {"looks", v.looks},
                    {"samples", {{"baseline", v.baseline}, {"candidate", v.candidate}}},
                    {"readiness",
                     {{"measured", v.readiness.measured},
                      {"cv", v.readiness.cv},
                      {"affordable_reps", v.readiness.affordable_reps},
                      {"smallest_resolvable", number(v.readiness.smallest_resolvable)},
                      {"can_resolve_max_regression", v.readiness.can_resolve},
                      {"smallest_resolvable_at_budget", number(v.readiness.smallest_at_budget)},
                      {"message", v.readiness.message}}},
                    {"rolls_back", j.roll_back},
                    {"reason", j.reason},
                    {"seconds", v.seconds},
                    {"error", v.error.empty() ? Json() : Json(v.error)}});
  }
  return {{"mode", r.mode},
          {"sequential_reason", r.sequential_reason.empty() ? Json() : Json(r.sequential_reason)},
          {"max_regression", r.max_regression},
          {"repetitions_cap", r.cap},
          {"budget_seconds", r.budget_seconds},
          {"seconds", r.seconds},
          {"benchmarks", list},
          {"rolled_back", r.roll_back},
          {"message", r.message}};
}

std::string report_text(const VerificationReport& r) {
  std::string out = "\nverification (" +
                    (r.mode == "interleaved" ? std::string("baseline and candidate interleaved")
                                             : "baseline before the apply, candidate after") +
                    ", max regression " + fmt("%.1f%%", r.max_regression * 100) + ", " +
                    fmt("%.1f", r.seconds) + " s of a " + fmt("%.0f", r.budget_seconds) +
                    " s budget):\n";
  if (!r.sequential_reason.empty()) out += "  sequential: " + r.sequential_reason + "\n";
  for (const WorkloadVerdict& v : r.workloads) {
    const Judgement& j = v.judgement;
    char line[256];
    std::snprintf(line, sizeof line, "  %-18s %-22s", v.name.c_str(), verdict_name(j.verdict));
    out += line;
    if (v.looks > 0)
      out += "ratio " + fmt("%.3f", j.ratio) + " [" + fmt("%.3f", j.ci_lo) + ", " +
             fmt("%.3f", j.ci_hi) + "]  p=" + fmt("%.4g", j.p) + "  " +
             std::to_string(v.baseline.size()) + "+" + std::to_string(v.candidate.size()) +
             " reps  " + fmt("%.1f", v.seconds) + " s";
    out += "\n";
    if (!j.reason.empty()) out += "      " + j.reason + "\n";
    if (v.readiness.measured) out += "      " + v.readiness.message + "\n";
  }
  return out;
}

}  // namespace vtune::verify
