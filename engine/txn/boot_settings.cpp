#include "engine/txn/boot_settings.h"

namespace vtune {

std::string boot_settings_path(std::string_view state_dir) {
  std::string d(state_dir);
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  return (d == "/" ? "" : d) + "/boot.json";
}

Result<BootSettings> read_boot_settings(const HostFs& fs, std::string_view state_dir) {
  std::string path = boot_settings_path(state_dir);
  Result<std::string> text = fs.read_file(path);
  if (!text) return text.error();
  auto bad = [&](const std::string& why) { return SysError{0, fs.describe(path), why + ":"}; };
  Json j = Json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  auto v = j.find("schema_version");
  if (v == j.end() || !v->is_number_integer() || v->get<int>() != 1)
    return bad("schema_version is not 1");
  BootSettings out;
  if (auto p = j.find("profile"); p != j.end() && p->is_string())
    out.profile = p->get<std::string>();
  auto list = j.find("settings");
  if (list == j.end() || !list->is_array()) return bad("no \"settings\" list");
  for (const Json& s : *list) {
    if (!s.is_object() || !s.contains("knob") || !s["knob"].is_string() || !s.contains("value"))
      return bad("a setting without knob or value");
    KnobParse k = parse_knob(s["knob"].get<std::string>());
    if (!k) return bad("knob " + s["knob"].get<std::string>() + ": " + k.error);
    BootSetting b{*k.knob, s["value"], ""};
    if (s.contains("rule") && s["rule"].is_string()) b.rule = s["rule"].get<std::string>();
    out.settings.push_back(std::move(b));
  }
  return out;
}

Json boot_settings_to_json(const BootSettings& s) {
  Json list = Json::array();
  for (const BootSetting& b : s.settings)
    list.push_back({{"knob", format_knob(b.knob)}, {"value", b.value}, {"rule", b.rule}});
  return {{"schema_version", 1}, {"profile", s.profile}, {"settings", list}};
}

}  // namespace vtune
