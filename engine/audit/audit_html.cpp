#include "engine/audit/audit_html.h"

#include <ctime>
#include <unordered_map>

#include "appliers/bound.h"
#include "engine/audit/audit_html_assets.h"
#include "engine/audit/fleet_summary.h"
#include "engine/audit/html_text.h"
#include "engine/report/plan_text.h"
#include "engine/txn/txn_context.h"

namespace vtune {
namespace {

constexpr std::string_view kStateCodes = "cdanweu";  // by ItemState, Compliant..Unknown

char state_code(std::optional<ItemState> s) {
  return s ? kStateCodes[static_cast<size_t>(*s)] : '-';
}

// Each distinct text once: a fleet repeats the same knobs, values and messages on every host.
class StringTable {
 public:
  StringTable() { id(""); }
  int id(const std::string& s) {
    auto [it, added] = index_.try_emplace(s, static_cast<int>(list_.size()));
    if (added) list_.push_back(s);
    return it->second;
  }
  Json to_json() const { return list_; }

 private:
  std::unordered_map<std::string, int> index_;
  std::vector<std::string> list_;
};

Json counts_array(const PlanCounts& c) {
  return Json::array(
      {c.compliant, c.change, c.advisory, c.not_applicable, c.waived, c.error, c.unknown});
}

Json item_row(const PlanItem& i, size_t column, StringTable& strings) {
  bool setting = !i.knob.empty();
  std::string desired = setting ? text_plan_value(i.desired) : "";
  if (setting && !is_exact(i.bound)) desired += " (" + bound_text(i.bound, i.bound_value) + ")";
  return Json::array({column, std::string(1, state_code(i.state)), strings.id(i.knob),
                      strings.id(i.subject.empty() ? i.device : i.subject),
                      strings.id(setting ? text_plan_value(i.current) : ""), strings.id(desired),
                      strings.id(i.message), strings.id(i.waiver_reason)});
}

std::string card(const char* cls, int n, const char* label) {
  return std::string("<div class=\"card ") + cls + "\"><b>" + std::to_string(n) + "</b>" + label +
         "</div>";
}

std::string top_rules_table(const FleetAudit& audit) {
  std::string rows;
  size_t hosts = std::max<size_t>(audit.hosts.size(), 1);
  int listed = 0;
  for (const RuleTally& t : rules_by_drift(audit)) {
    int drift = t.with(ItemState::Change);
    if (drift == 0 || listed == 10) break;
    ++listed;
    const AuditRule& r = audit.rules[t.rule];
    int width = static_cast<int>(120.0 * drift / hosts + 0.5);
    rows += "<tr><td>" + std::to_string(drift) +
            "</td><td><span class=\"bar\" style=\"width:" + std::to_string(std::max(width, 2)) +
            "px\"></span></td><td>" + html_escape(r.id) + "</td><td>" + html_escape(r.title) +
            "</td><td>" + html_escape(r.area) + "</td></tr>\n";
  }
  if (rows.empty()) return "<p>No rule drifts on any host.</p>\n";
  return "<table class=\"top\"><tr><th>hosts</th><th></th><th>rule</th><th>title</th>"
         "<th>area</th></tr>\n" +
         rows + "</table>\n";
}

}  // namespace

Json audit_html_data(const FleetAudit& audit) {
  StringTable strings;
  std::vector<RuleTally> rules = rules_by_drift(audit);
  std::vector<size_t> column(audit.rules.size());  // FleetAudit::rules index -> matrix column
  Json jr = Json::array();
  for (size_t c = 0; c < rules.size(); ++c) {
    const AuditRule& r = audit.rules[rules[c].rule];
    column[rules[c].rule] = c;
    jr.push_back({{"id", r.id},
                  {"title", r.title},
                  {"area", r.area},
                  {"severity", r.severity},
                  {"tags", r.tags},
                  {"n", rules[c].hosts}});
  }
  std::unordered_map<std::string_view, size_t> column_of;
  for (size_t i = 0; i < audit.rules.size(); ++i) column_of[audit.rules[i].id] = column[i];
  Json jh = Json::array();
  for (size_t index : hosts_worst_first(audit)) {
    const AuditHost& h = audit.hosts[index];
    std::string cells(rules.size(), '-');
    for (size_t r = 0; r < h.cells.size() && r < column.size(); ++r)
      cells[column[r]] = state_code(h.cells[r]);
    Json items = Json::array();
    for (const PlanItem& i : h.items)
      if (auto c = column_of.find(i.rule); c != column_of.end())
        items.push_back(item_row(i, c->second, strings));
    jh.push_back({{"name", h.name},
                  {"hostname", h.hostname},
                  {"path", h.path},
                  {"status", std::string(host_status_name(h.status))},
                  {"failure", h.failure},
                  {"warnings", h.warnings},
                  {"counts", counts_array(h.counts)},
                  {"cells", cells},
                  {"items", std::move(items)}});
  }
  return {{"profile", audit.profile},
          {"chain", audit.profile_chain},
          {"strings", strings.to_json()},
          {"rules", std::move(jr)},
          {"hosts", std::move(jh)}};
}

std::string render_audit_html(const FleetAudit& audit) {
  HostTally t = tally_hosts(audit);
  std::string chain;
  for (const std::string& p : audit.profile_chain) chain += (chain.empty() ? "" : " \u2192 ") + p;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      // No resource may load from anywhere: only the inline style and script run.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
      "<title>vtune audit: " +
      html_escape(audit.profile) + "</title>\n<style>" + kAuditHtmlStyle +
      "</style></head>\n<body>\n";
  out += "<header><h1>vtune fleet audit: " + html_escape(audit.profile) + "</h1>\n<p>profile " +
         html_escape(chain) + " \u00b7 " + std::to_string(t.hosts) +
         " snapshots \u00b7 generated " + iso_utc(std::time(nullptr)) +
         "</p>\n<div class=\"cards\" id=\"cards\">" + card("hosts", t.hosts, "hosts") +
         card("compliant", t.compliant, "compliant") + card("drift", t.drift, "drift") +
         card("incomplete", t.incomplete, "incomplete") + card("error", t.error, "error") +
         card("failed", t.failed, "could not be audited") + "</div></header>\n<main>\n";
  out += "<section id=\"top-rules\"><h2>Rules that drift on the most hosts</h2>\n" +
         top_rules_table(audit) + "</section>\n";
  out +=
      "<section><h2>Hosts \u00d7 rules</h2>\n"
      "<div id=\"filters\">\n"
      "<label>host <input type=\"search\" id=\"f-host\" placeholder=\"name contains\"></label>\n"
      "<label>status <select id=\"f-status\"><option value=\"\">any</option>"
      "<option>drift</option><option>error</option><option>incomplete</option>"
      "<option>failed</option><option>compliant</option></select></label>\n"
      "<label>item state <select id=\"f-state\"><option value=\"\">any</option>"
      "<option value=\"d\">change</option><option value=\"e\">error</option>"
      "<option value=\"u\">unknown</option><option value=\"a\">advisory</option>"
      "<option value=\"w\">waived</option></select></label>\n"
      "<label>rule tag <select id=\"f-tag\"><option value=\"\">any</option></select></label>\n"
      "<label><input type=\"checkbox\" id=\"f-findings\" checked> only rules with "
      "findings</label>\n"
      "<span id=\"shown\"></span></div>\n"
      "<p class=\"legend\"><span><i class=\"s-d\"></i>change</span><span><i class=\"s-e\"></i>"
      "error</span><span><i class=\"s-u\"></i>unknown</span><span><i class=\"s-a\"></i>advisory"
      "</span><span><i class=\"s-w\"></i>waived</span><span><i class=\"s-c\"></i>compliant</span>"
      "<span><i class=\"s-n\"></i>not applicable</span> \u00b7 worst hosts first; click a host "
      "or a cell for its plan</p>\n"
      "<noscript><p>The matrix needs JavaScript; <code>vtune audit --format json</code> gives the "
      "same data.</p></noscript>\n"
      "<div class=\"scroll\"><table id=\"matrix\"><thead id=\"matrix-head\"></thead>"
      "<tbody id=\"matrix-body\"></tbody></table></div>\n"
      "<p><button id=\"more\" hidden>show more hosts</button></p></section>\n"
      "<section id=\"detail\" hidden></section>\n</main>\n";
  out += "<script type=\"application/json\" id=\"audit-data\">" +
         json_for_script(audit_html_data(audit)) + "</script>\n<script>" + kAuditHtmlScript +
         "</script>\n</body></html>\n";
  return out;
}

}  // namespace vtune
