#include "engine/audit/audit_json.h"

#include <ctime>

#include "engine/audit/fleet_summary.h"
#include "engine/facts/json_text.h"
#include "engine/report/plan_json.h"
#include "engine/txn/txn_context.h"

namespace vtune {
namespace {

Json optional_string(const std::string& s) {
  return s.empty() ? Json() : Json(s);
}

Json rule_to_json(const AuditRule& rule, const RuleTally& tally) {
  Json hosts = Json::object();
  for (ItemState s :
       {ItemState::Compliant, ItemState::Change, ItemState::Advisory, ItemState::Waived,
        ItemState::NotApplicable, ItemState::Error, ItemState::Unknown}) {
    std::string key(item_state_name(s));
    if (key == "not-applicable") key = "not_applicable";  // as plan summaries spell it
    hosts[key] = tally.with(s);
  }
  return {{"rule", rule.id},           {"title", rule.title}, {"area", rule.area},
          {"severity", rule.severity}, {"tags", rule.tags},   {"hosts", hosts}};
}

Json host_to_json(const AuditHost& h) {
  Json j = Json::object();
  j["name"] = h.name;
  j["path"] = h.path;
  j["hostname"] = optional_string(h.hostname);
  j["status"] = std::string(host_status_name(h.status));
  j["exit_code"] = h.exit_code();
  j["failure"] = optional_string(h.failure);
  j["warnings"] = h.warnings;
  bool audited = h.status != HostStatus::Failed;
  j["summary"] = audited ? plan_counts_to_json(h.counts) : Json();
  j["items"] = Json::array();
  for (const PlanItem& i : h.items) j["items"].push_back(plan_item_to_json(i));
  return j;
}

}  // namespace

std::string render_audit_json(const FleetAudit& audit) {
  // The hosts are spliced in one at a time: a thousand hosts' items as one JSON tree would
  // take several times the memory of the text.
  Json head = audit_to_json(audit, false);
  head["hosts"] = Json::array();
  std::string text = dump_json(head, 2);
  size_t empty = text.rfind("[]");
  std::string out = text.substr(0, empty) + "[";
  for (size_t i = 0; i < audit.hosts.size(); ++i) {
    std::string host = dump_json(host_to_json(audit.hosts[i]), 2);
    out += i ? ",\n    " : "\n    ";
    for (char c : host) {
      out += c;
      if (c == '\n') out += "    ";
    }
  }
  out += audit.hosts.empty() ? "]" : "\n  ]";
  return out + text.substr(empty + 2) + "\n";
}

Json audit_to_json(const FleetAudit& audit, bool with_hosts) {
  HostTally t = tally_hosts(audit);
  Json j = Json::object();
  j["schema_version"] = kAuditSchemaVersion;
  j["command"] = "audit";
  j["profile"] = audit.profile;
  j["profile_chain"] = audit.profile_chain;
  j["generated_at"] = iso_utc(std::time(nullptr));
  j["exit_code"] = audit_exit_code(audit);
  j["summary"] = {{"hosts", t.hosts},           {"compliant", t.compliant}, {"drift", t.drift},
                  {"incomplete", t.incomplete}, {"error", t.error},         {"failed", t.failed}};
  j["rules"] = Json::array();
  for (const RuleTally& r : rules_by_drift(audit))
    j["rules"].push_back(rule_to_json(audit.rules[r.rule], r));
  j["hosts"] = Json::array();
  if (with_hosts)
    for (const AuditHost& h : audit.hosts) j["hosts"].push_back(host_to_json(h));
  return j;
}

}  // namespace vtune
