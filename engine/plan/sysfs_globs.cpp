#include "engine/plan/sysfs_globs.h"

#include "appliers/sysfs_applier.h"

namespace vtune {

namespace {

bool has_glob(const std::string& path) {
  return path.find_first_of("*?[") != std::string::npos;
}

}  // namespace

std::vector<lang::Setting> expand_sysfs_globs(const std::vector<lang::Setting>& settings,
                                              const HostFs& fs) {
  std::vector<lang::Setting> out;
  out.reserve(settings.size());
  for (const lang::Setting& s : settings) {
    if (s.knob.kind != KnobKind::Sysfs || !has_glob(s.knob.subject)) {
      out.push_back(s);
      continue;
    }
    Result<std::vector<std::string>> paths = expand_sysfs(fs, s.knob.subject);
    if (!paths || paths->empty()) {
      out.push_back(s);
      continue;
    }
    for (const std::string& path : *paths) {
      lang::Setting one = s;
      one.knob.subject = path;
      out.push_back(std::move(one));
    }
  }
  return out;
}

}  // namespace vtune
