#include "engine/audit/diff_report.h"

#include <algorithm>

#include "engine/audit/audit_json.h"
#include "engine/core/text_escape.h"
#include "engine/report/plan_text.h"

namespace vtune {
namespace {

constexpr size_t kValueWidth = 40;

// A value on one line, at most `width` characters (a longer one ends in "...").
std::string short_value(const std::optional<Json>& v, size_t width = kValueWidth) {
  if (!v) return "(absent)";
  std::string s = escape_control_line(text_plan_value(*v));
  if (s.size() > width) s = s.substr(0, width - 3) + "...";
  return s;
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string side_text(const std::optional<PlannedSide>& s) {
  if (!s) return "(no item)";
  std::string out(item_state_name(s->state));
  if (!s->current.is_null() || !s->desired.is_null())
    out += " " + short_value(s->current, 28) + " -> " + short_value(s->desired, 28);
  return out;
}

std::string label(const std::string& path, const std::string& hostname) {
  std::string s = escape_control_line(path);
  if (!hostname.empty()) s += " (" + escape_control_line(hostname) + ")";
  return s;
}

Json side_json(const std::optional<PlannedSide>& s) {
  if (!s) return nullptr;
  return {{"state", std::string(item_state_name(s->state))},
          {"current", s->current},
          {"desired", s->desired},
          {"message", s->message}};
}

}  // namespace

std::string render_diff_text(const SnapshotDiff& d) {
  std::string out = "diff of A " + label(d.a_path, d.a_hostname) + "\n     and B " +
                    label(d.b_path, d.b_hostname) + "\n";
  out += "\n" + std::to_string(d.facts.size()) +
         (d.facts.size() == 1 ? " fact differs" : " facts differ") +
         (d.facts.empty() ? "\n" : ":\n");
  size_t width = 0;
  for (const FactDifference& f : d.facts)
    width = std::max(width, escape_control_line(f.path).size());
  width = std::min<size_t>(width, 60);
  if (!d.facts.empty()) out += "  " + pad("fact", width + 2) + pad("A", kValueWidth + 2) + "B\n";
  for (const FactDifference& f : d.facts)
    out += "  " + pad(escape_control_line(f.path), width + 2) +
           pad(short_value(f.a), kValueWidth + 2) + short_value(f.b) + "\n";
  if (d.profile) {
    out += "\n" + std::to_string(d.settings.size()) + " planned " +
           (d.settings.size() == 1 ? "item differs" : "items differ") + " for profile " +
           escape_control_line(*d.profile) + (d.settings.empty() ? "\n" : ":\n");
    for (const SettingDifference& s : d.settings) {
      std::string what = s.knob.empty() ? s.subject : s.knob;
      out += "  " + s.rule + (what.empty() ? "" : "  " + escape_control_line(what)) + "\n";
      out += "      A: " + side_text(s.a) + "\n      B: " + side_text(s.b) + "\n";
    }
  }
  return out;
}

Json diff_to_json(const SnapshotDiff& d) {
  Json j = Json::object();
  j["schema_version"] = kAuditSchemaVersion;
  j["command"] = "diff";
  j["a"] = {{"path", d.a_path}, {"hostname", d.a_hostname.empty() ? Json() : Json(d.a_hostname)}};
  j["b"] = {{"path", d.b_path}, {"hostname", d.b_hostname.empty() ? Json() : Json(d.b_hostname)}};
  j["profile"] = d.profile ? Json(*d.profile) : Json();
  j["summary"] = {{"facts", d.facts.size()}, {"settings", d.settings.size()}};
  j["facts"] = Json::array();
  for (const FactDifference& f : d.facts)
    j["facts"].push_back({{"path", f.path},
                          {"a", f.a.value_or(Json())},
                          {"b", f.b.value_or(Json())},
                          {"only_in", f.a && f.b ? Json() : Json(f.a ? "a" : "b")}});
  j["settings"] = Json::array();
  for (const SettingDifference& s : d.settings)
    j["settings"].push_back({{"rule", s.rule},
                             {"knob", s.knob.empty() ? Json() : Json(s.knob)},
                             {"subject", s.subject.empty() ? Json() : Json(s.subject)},
                             {"a", side_json(s.a)},
                             {"b", side_json(s.b)}});
  return j;
}

}  // namespace vtune
