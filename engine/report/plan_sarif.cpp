#include "engine/report/plan_sarif.h"

#include <cctype>
#include <map>

#include "engine/report/plan_junit.h"
#include "vtune_version.h"

namespace vtune {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSchema = "https://json.schemastore.org/sarif-2.1.0.json";

// An absolute host path as a file URI (RFC 8089): SARIF resolves a relative reference
// against a uriBaseId, so "/etc/sysctl.d/x.conf" must be "file:///etc/sysctl.d/x.conf".
std::string file_uri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    }
  }
  return uri;
}

// References read like "Docker docs: https://docs.docker.com/...": the first http(s) URL in
// the text, if any, is the help link.
std::string first_url(std::string_view text) {
  size_t at = text.find("https://");
  if (at == std::string_view::npos) at = text.find("http://");
  if (at == std::string_view::npos) return {};
  size_t end = at;
  while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' &&
         text[end] != ')' && text[end] != '"')
    ++end;
  std::string url(text.substr(at, end - at));
  while (!url.empty() && (url.back() == '.' || url.back() == ',' || url.back() == ';'))
    url.pop_back();
  return url;
}

// A rule descriptor from the library declaration, or from the item alone when the library
// does not know the rule (a plan built from another rule set).
Json rule_descriptor(const PlanItem& item, const lang::RuleDecl* decl) {
  const std::string title = decl ? decl->title : item.title;
  const std::string severity =
      decl && !decl->attrs.severity.empty() ? decl->attrs.severity : item.severity;
  Json r = Json::object();
  // No "name": SARIF wants it to differ from the id (validator rule SARIF1001), and the
  // title is already the shortDescription.
  r["id"] = item.rule;
  r["shortDescription"] = {{"text", title.empty() ? item.rule : title}};
  if (decl && !decl->attrs.rationale.empty())
    r["fullDescription"] = {{"text", decl->attrs.rationale}};
  if (decl) {
    if (std::string url = first_url(decl->attrs.reference); !url.empty()) r["helpUri"] = url;
    std::string help = decl->attrs.reference;
    if (!decl->attrs.rationale.empty()) {
      if (!help.empty()) help += "\n\n";
      help += decl->attrs.rationale;
    }
    if (!help.empty()) r["help"] = {{"text", help}};
  }
  r["defaultConfiguration"] = {{"level", std::string(sarif_level(severity))}};
  Json props = Json::object();
  props["tags"] = decl ? decl->attrs.tags : std::vector<std::string>{};
  if (decl && !decl->attrs.practice.empty()) props["practice"] = decl->attrs.practice;
  if (!severity.empty()) props["severity"] = severity;
  r["properties"] = std::move(props);
  return r;
}

std::string result_message(const PlanItem& item) {
  std::string subject = item.knob.empty() ? item.rule : item.knob;
  if (!item.device.empty() && subject.find(item.device) == std::string::npos)
    subject += " (" + item.device + ")";
  switch (item.state) {
    case ItemState::Change:
    case ItemState::Waived: {
      std::string m = subject + ": current " + plan_value_text(item.current) + ", desired " +
                      plan_value_text(item.desired);
      if (!item.message.empty()) m += ". " + item.message;
      return m;
    }
    case ItemState::Error:
    case ItemState::Unknown:
      return subject + ": " + item.message;
    default:
      return item.message.empty() ? subject : item.message;
  }
}

// Advisories are informational whatever the rule's severity; drift and errors keep the
// rule's level, except that an error item (compliance unknown) is never below warning.
std::string result_level(const PlanItem& item) {
  if (item.state == ItemState::Advisory || item.state == ItemState::Unknown) return "note";
  std::string_view level = sarif_level(item.severity);
  if (item.state == ItemState::Error && level == "note") return "warning";
  return std::string(level);
}

Json result_locations(const PlanItem& item) {
  Json loc = Json::object();
  if (item.provenance && !item.provenance->persisted_file.empty()) {
    Json physical = {{"artifactLocation", {{"uri", file_uri(item.provenance->persisted_file)}}}};
    if (item.provenance->persisted_line > 0)
      physical["region"] = {{"startLine", item.provenance->persisted_line}};
    loc["physicalLocation"] = std::move(physical);
  }
  loc["logicalLocations"] =
      Json::array({{{"name", item.knob.empty() ? item.rule : item.knob}, {"kind", "resource"}}});
  return Json::array({std::move(loc)});
}

bool reported(ItemState s) {
  return s == ItemState::Change || s == ItemState::Error || s == ItemState::Advisory ||
         s == ItemState::Unknown || s == ItemState::Waived;
}

}  // namespace

std::string_view sarif_level(std::string_view severity) {
  if (severity == "high") return "error";
  if (severity == "medium") return "warning";
  return "note";
}

std::string render_plan_sarif(const Plan& plan, const lang::RuleLibrary& library) {
  // Rules in id order, each once; ruleIndex points into this array.
  std::map<std::string, const PlanItem*> first_item;
  for (const PlanItem& item : plan.items) first_item.emplace(item.rule, &item);
  Json rules = Json::array();
  std::map<std::string, size_t> index;
  for (const auto& [id, item] : first_item) {
    index[id] = rules.size();
    rules.push_back(rule_descriptor(*item, library.find_rule(id)));
  }

  Json results = Json::array();
  for (const PlanItem& item : plan.items) {
    if (!reported(item.state)) continue;
    Json r = Json::object();
    r["ruleId"] = item.rule;
    r["ruleIndex"] = index.at(item.rule);
    // SARIF's "open": the tool could not determine whether the result holds.
    r["kind"] = item.state == ItemState::Advisory  ? "informational"
                : item.state == ItemState::Unknown ? "open"
                                                   : "fail";
    r["level"] = result_level(item);
    r["message"] = {{"text", result_message(item)}};
    r["locations"] = result_locations(item);
    if (item.state == ItemState::Waived) {
      Json s = {{"kind", "external"}, {"status", "accepted"}};
      s["justification"] = item.waiver_reason;
      r["suppressions"] = Json::array({std::move(s)});
    }
    Json props = {{"state", std::string(item_state_name(item.state))}};
    if (!item.area.empty()) props["area"] = item.area;
    if (!item.device.empty()) props["device"] = item.device;
    if (item.waiver_expires) props["waiverExpires"] = *item.waiver_expires;
    if (item.reboot) props["reboot"] = true;
    r["properties"] = std::move(props);
    results.push_back(std::move(r));
  }

  Json driver = Json::object();
  driver["name"] = "vtune";
  driver["version"] = VTUNE_VERSION;
  driver["rules"] = std::move(rules);

  Json run = Json::object();
  run["tool"] = {{"driver", std::move(driver)}};
  run["automationDetails"] = {{"id", "vtune/" + plan.profile + "/"}};
  run["results"] = std::move(results);
  run["properties"] = {{"profile", plan.profile},
                       {"profileChain", plan.profile_chain},
                       {"root", plan.root},
                       {"hostname", plan.hostname}};

  Json doc = Json::object();
  doc["$schema"] = kSchema;
  doc["version"] = "2.1.0";
  doc["runs"] = Json::array({std::move(run)});
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace vtune
