#include "appliers/persist_sysctl.h"

#include <map>

#include "appliers/sysctl_conf.h"
#include "appliers/sysctl_provenance.h"
#include "appliers/value_text.h"
#include "engine/facts/json_text.h"

namespace vtune {
namespace {

constexpr std::string_view kSysctlConf = "/etc/sysctl.conf";

std::string base_name(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// Whether systemd-sysctl applies `file` after vtune's (so that it wins over it).
bool applied_after_ours(const std::string& file) {
  if (file == kSysctlConf) return true;
  return base_name(file) > base_name(kPersistSysctlPath);
}

std::string render(const std::map<std::string, std::string>& values, std::string_view profile) {
  std::string out =
      "# Written by vtune, last for profile " + std::string(profile) +
      ": the sysctl values it applied,\n"
      "# set again at every boot by systemd-sysctl. vtune owns this file; `vtune rollback` puts\n"
      "# back what was here before. 90- sorts after the distribution's files and most local\n"
      "# ones, so these values win over theirs (vtune apply --persist names any that still\n"
      "# override one).\n";
  for (const auto& [key, value] : values) out += key + " = " + value + "\n";
  return out;
}

}  // namespace

SysctlPersistence plan_sysctl_persistence(const std::vector<const AppliedSetting*>& sysctls,
                                          std::string_view profile, const HostFs& fs) {
  SysctlPersistence out;
  if (sysctls.empty()) return out;
  std::map<std::string, std::string> values;  // sorted by key
  // What earlier runs persisted stays, unless this run sets the key again.
  if (Result<std::string> mine = fs.read_file(kPersistSysctlPath))
    for (const SysctlConfLine& line : parse_sysctl_conf(*mine).entries)
      if (line.value && !line.glob) values[line.key] = *line.value;
  for (const AppliedSetting* s : sysctls)
    values[normalize_sysctl_key(s->knob.subject)] =
        facts_to_text(s->value).value_or(dump_json(s->value));
  out.file = PersistFile{std::string(kPersistSysctlPath), render(values, profile), 0644};

  // A later file's explicit line for a key replaces ours at boot (a glob never does: an
  // explicit key beats every glob in systemd-sysctl); a line without '=' excludes it.
  SysctlConfigIndex index = SysctlConfigIndex::build(fs);
  for (const std::string& file : index.files()) {
    if (!applied_after_ours(file)) continue;
    Result<std::string> text = fs.read_file(file);
    if (!text) continue;  // the index reported it
    for (const SysctlConfLine& line : parse_sysctl_conf(*text).entries) {
      auto it = values.find(line.key);
      if (line.glob || it == values.end()) continue;
      std::string where = file + ":" + std::to_string(line.line);
      if (!line.value)
        out.notes.push_back(line.key + ": " + where +
                            " excludes the key, so 90-vtune.conf does not set it at boot");
      else if (!words_equal(*line.value, it->second))
        out.notes.push_back(line.key + ": " + where + " sets " + *line.value +
                            ", which overrides 90-vtune.conf at boot");
    }
  }
  for (const std::string& u : index.unreadable())
    out.notes.push_back("sysctl: could not check " + u + " for overrides");
  return out;
}

}  // namespace vtune
