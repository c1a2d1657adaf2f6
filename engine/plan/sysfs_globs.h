#pragma once
// A rule may name many sysfs files with one glob ("/sys/devices/system/cpu/cpufreq/policy*/
// scaling_governor"), but a write, a journal record and a rollback each concern exactly one
// file. The planner therefore turns a glob setting into one setting per file it matches on
// this host, so every plan item says exactly what it would touch. A glob that matches nothing,
// or whose directory cannot be listed, is kept as it is: the applier's read then reports why.
#include <vector>

#include "engine/core/host_fs.h"
#include "engine/lang/evaluate.h"

namespace vtune {

std::vector<lang::Setting> expand_sysfs_globs(const std::vector<lang::Setting>& settings,
                                              const HostFs& fs);

}  // namespace vtune
