#pragma once
// Frequency and power policy of the CPUs, for the cpu probe: the cpufreq driver and the
// governors its policy offers, intel_pstate's global state, and the energy/performance bias.
// Each is null where the kernel has no such file (a VM without cpufreq, an AMD CPU without
// intel_pstate, a CPU without the EPB MSR), which is normal and never a warning.
#include "engine/facts/facts.h"
#include "engine/facts/probe.h"

namespace vtune {

// Sets cpu["cpufreq_driver"], cpu["governors_available"], cpu["intel_pstate"] (status,
// min_perf_pct, no_turbo) and cpu["energy_perf_bias"].
void collect_cpu_power(const ProbeContext& ctx, Facts& cpu);

}  // namespace vtune
