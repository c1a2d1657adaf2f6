#pragma once
// Sysfs attributes. A knob's path may be a glob (".../cpufreq/policy*/scaling_governor"):
// it stands for every matching file, and reads equal only when all of them match. A write
// names exactly one file: a glob resolves only when it matches one, and the path must stay
// under /sys once every link in it is followed, with a last component that is no link.
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

// `path` with every symbolic link in it followed through `fs` (a relative target against
// the link's directory, an absolute one as a host path) and "." and ".." taken away, as
// realpath(3) would give it inside the root. ELOOP after 40 links; the error of the first
// component that is missing.
Result<std::string> canonical_path(const HostFs& fs, std::string_view path);

// The one file a write of `pattern` touches: expanded (exactly one match), canonically
// under /sys/, a regular file and not a link. EINVAL, EXDEV (leaves /sys) or ELOOP (a link
// at the last component) otherwise, naming the path.
Result<std::string> sysfs_write_path(const HostFs& fs, std::string_view pattern);

}  // namespace vtune
