// cpu_power.h. Paths: Documentation/admin-guide/pm/cpufreq.rst (scaling_driver,
// scaling_available_governors), Documentation/admin-guide/pm/intel_pstate.rst (status,
// min_perf_pct, no_turbo), Documentation/ABI/testing/sysfs-devices-system-cpu
// (cpuN/power/energy_perf_bias, 0 performance .. 15 powersave).
#include "probes/cpu_power.h"

#include "engine/core/text.h"

namespace vtune {
namespace {

// CPU 0's cpufreq file, else policy0's: a kernel exposes one or both.
std::optional<std::string> read_cpufreq(const ProbeContext& ctx, std::string_view name) {
  for (std::string prefix :
       {"/sys/devices/system/cpu/cpu0/cpufreq/", "/sys/devices/system/cpu/cpufreq/policy0/"})
    if (std::optional<std::string> t = ctx.read_optional(prefix + std::string(name)))
      return std::string(trim(*t));
  return std::nullopt;
}

Facts int_or_null(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  std::optional<int64_t> v = parse_int(trim(*text));
  return v ? Facts(*v) : Facts(nullptr);
}

}  // namespace

void collect_cpu_power(const ProbeContext& ctx, Facts& cpu) {
  std::optional<std::string> driver = read_cpufreq(ctx, "scaling_driver");
  cpu["cpufreq_driver"] = driver && !driver->empty() ? Facts(*driver) : Facts(nullptr);
  if (std::optional<std::string> g = read_cpufreq(ctx, "scaling_available_governors")) {
    Facts list = Facts::array();
    for (std::string_view w : split_ws(*g)) list.push_back(std::string(w));
    cpu["governors_available"] = std::move(list);
  } else {
    cpu["governors_available"] = nullptr;
  }
  const std::string pstate = "/sys/devices/system/cpu/intel_pstate/";
  Facts ip = Facts::object();
  std::optional<std::string> status = ctx.read_optional(pstate + "status");
  ip["status"] = status ? Facts(std::string(trim(*status))) : Facts(nullptr);
  ip["min_perf_pct"] = int_or_null(ctx.read_optional(pstate + "min_perf_pct"));
  std::optional<std::string> no_turbo = ctx.read_optional(pstate + "no_turbo");
  ip["no_turbo"] = no_turbo ? Facts(trim(*no_turbo) == "1") : Facts(nullptr);
  cpu["intel_pstate"] = std::move(ip);
  cpu["energy_perf_bias"] =
      int_or_null(ctx.read_optional("/sys/devices/system/cpu/cpu0/power/energy_perf_bias"));
}

}  // namespace vtune
