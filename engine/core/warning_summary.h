#pragma once
// A normal user's run meets the same refusal hundreds of times (/proc/irq/*/smp_affinity_list,
// one per IRQ). Text output names each refused path pattern once, with a count, instead of
// one warning per file; JSON keeps every warning for machines.
#include <vector>

#include "engine/core/warnings.h"

namespace vtune {

// Warnings in their order, with every "Permission denied" one folded into one warning per
// path pattern (numeric components as '*'): {"/proc/irq/*/smp_affinity_list",
// "permission denied, 48 files"}. A pattern that matched one path keeps that path.
std::vector<Warning> summarize_warnings(const Warnings& warnings);

// "/proc/irq/42/smp_affinity_list" -> "/proc/irq/*/smp_affinity_list".
std::string path_pattern(std::string_view path);

}  // namespace vtune
