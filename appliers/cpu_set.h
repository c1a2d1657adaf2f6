#pragma once
// CPU sets as the kernel writes them: a cpulist ("0-3,8") in smp_affinity_list, a hex
// bitmap in 32-bit words ("ff", "00000000,000000ff") in rps_cpus and xps_cpus. Desired
// values may come in either form; they are compared as sets.
#include <optional>
#include <vector>

#include "engine/core/host_fs.h"
#include "engine/facts/facts.h"

namespace vtune {

enum class CpuSetForm { List, Mask };

// A list of CPU numbers, or a string read in `native` form first and in the other form
// when that fails: "0-7" in a mask file is a cpulist (masks have no '-'), "ff" in a list
// file is a mask. So "1" means CPU 1 to smp_affinity_list and CPU 0 to rps_cpus.
std::optional<std::vector<int>> facts_to_cpus(const Json& value, CpuSetForm native);

// The CPUs that are online: /sys/devices/system/cpu/online, else every CPU of
// facts.numa.nodes; nullopt when neither says.
std::optional<std::vector<int>> online_cpus(const HostFs& fs, const Facts& facts);

// Why `cpus` cannot be used (offline CPUs, or an empty set where one is needed).
std::optional<std::string> cpu_set_problem(const std::vector<int>& cpus, const HostFs& fs,
                                           const Facts& facts, bool allow_empty);

}  // namespace vtune
