#include "engine/report/plan_json.h"

#include <ctime>

namespace vtune {
namespace {

Json optional_string(const std::string& s) {
  return s.empty() ? Json() : Json(s);
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

Json plan_counts_to_json(const PlanCounts& c) {
  return {{"total", c.total()}, {"compliant", c.compliant},
          {"change", c.change}, {"advisory", c.advisory},
          {"waived", c.waived}, {"not_applicable", c.not_applicable},
          {"error", c.error},   {"unknown", c.unknown}};
}

Json plan_item_to_json(const PlanItem& i) {
  Json j = Json::object();
  j["state"] = std::string(item_state_name(i.state));
  j["rule"] = i.rule;
  j["title"] = i.title;
  j["area"] = i.area;
  j["severity"] = i.severity;
  j["knob"] = optional_string(i.knob);
  j["device"] = optional_string(i.device);
  j["target"] = optional_string(i.target);
  j["current"] = i.current;
  j["desired"] = i.desired;
  j["bound"] = i.knob.empty() ? Json() : bounds_to_json(i.bound);
  j["bound_value"] = is_exact(i.bound) ? Json() : i.bound_value;
  j["message"] = i.message;
  j["subject"] = optional_string(i.subject);
  j["reasons"] = i.reasons;
  if (i.provenance) {
    const Provenance& p = *i.provenance;
    j["provenance"] = {{"runtime", p.runtime},
                       {"persisted", p.persisted ? Json(*p.persisted) : Json()},
                       {"file", optional_string(p.persisted_file)},
                       {"line", p.persisted_line > 0 ? Json(p.persisted_line) : Json()},
                       {"conflicts", p.conflicts},
                       {"reboot_drift", p.reboot_drift}};
  } else {
    j["provenance"] = nullptr;
  }
  if (!i.waiver_reason.empty() || i.waiver_expires) {
    j["waiver"] = {{"reason", i.waiver_reason},
                   {"expires", i.waiver_expires ? Json(*i.waiver_expires) : Json()},
                   {"expired", i.waiver_expired}};
  } else {
    j["waiver"] = nullptr;
  }
  j["reboot"] = i.reboot;
  j["disruption"] = i.disruption;
  return j;
}

Json plan_to_json(const Plan& plan, std::string_view command) {
  Json j = Json::object();
  j["schema_version"] = kPlanSchemaVersion;
  j["command"] = std::string(command);
  j["profile"] = plan.profile;
  j["profile_chain"] = plan.profile_chain;
  j["root"] = plan.root;
  j["hostname"] = plan.hostname;
  j["generated_at"] = utc_now();
  j["summary"] = plan_counts_to_json(plan.counts());
  j["rules_selected"] = plan.rules_selected;
  j["rules_applicable"] = plan.rules_applicable;
  j["items"] = Json::array();
  for (const PlanItem& i : plan.items) j["items"].push_back(plan_item_to_json(i));
  j["conflicts"] = Json::array();
  for (const ResolvedConflict& r : plan.conflicts)
    j["conflicts"].push_back({{"knob", r.knob},
                              {"winner_rule", r.winner_rule},
                              {"loser_rule", r.loser_rule},
                              {"winner_value", r.winner_value},
                              {"loser_value", r.loser_value},
                              {"why", r.why}});
  return j;
}

}  // namespace vtune
