#pragma once
// Sysfs attributes. A knob's path may be a glob (".../cpufreq/policy*/scaling_governor"):
// it stands for every matching file, and reads equal only when all of them match.
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/host_fs.h"
#include "engine/core/result.h"

namespace vtune {

bool is_sysfs_glob(std::string_view path);

// The files matching `pattern` (components may hold * ? [...], matched as by fnmatch
// without leading dots), sorted. A plain path gives itself. No match fails with ENOENT.
Result<std::vector<std::string>> expand_sysfs(const HostFs& fs, std::string_view pattern);

}  // namespace vtune
