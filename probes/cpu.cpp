// The cpu probe: vendor, model, topology, flags and frequency governor, from /proc/cpuinfo
// with sysfs as the fallback for topology; the power policy is in cpu_power.cpp.
#include <set>
#include <utility>

#include "engine/core/text.h"
#include "probes/cpu_power.h"
#include "probes/cpuinfo.h"
#include "probes/probes.h"

namespace vtune {
namespace {

constexpr std::string_view kCpuinfo = "/proc/cpuinfo";
constexpr std::string_view kCpuDir = "/sys/devices/system/cpu";

constexpr FactField kCpuSchema[] = {
    {"cpu", "map", "The processors", "/proc/cpuinfo, /sys/devices/system/cpu"},
    {"cpu.vendor", "string", "CPU vendor id, e.g. GenuineIntel or AuthenticAMD",
     "/proc/cpuinfo vendor_id; CPUID leaf 0 when cpuinfo has none"},
    {"cpu.model", "string", "Marketing model name of the first CPU", "/proc/cpuinfo model name"},
    {"cpu.sockets", "int", "Physical packages with at least one online CPU",
     "/proc/cpuinfo physical id; else /sys/devices/system/cpu/cpuN/topology/physical_package_id"},
    {"cpu.cores", "int", "Physical cores over all sockets",
     "/proc/cpuinfo (physical id, core id) pairs; else sysfs topology core_id"},
    {"cpu.threads", "int", "Online logical CPUs",
     "/proc/cpuinfo processor blocks; else /sys/devices/system/cpu/online"},
    {"cpu.online", "string", "Online CPUs as a cpulist, e.g. \"0-95\"",
     "/sys/devices/system/cpu/online"},
    {"cpu.flags", "list<string>", "Feature flags of the first CPU", "/proc/cpuinfo flags"},
    {"cpu.hw_virt", "enum:vt-x|amd-v|none",
     "Hardware virtualization: vt-x (vmx flag), amd-v (svm flag) or none", "/proc/cpuinfo flags"},
    {"cpu.ept", "bool", "Intel extended page tables", "/proc/cpuinfo flags or vmx flags: ept"},
    {"cpu.npt", "bool", "AMD nested page tables", "/proc/cpuinfo flags: npt"},
    {"cpu.vpid", "bool", "Intel virtual processor ids (tagged TLB)",
     "/proc/cpuinfo flags or vmx flags: vpid"},
    {"cpu.governor", "string", "cpufreq scaling governor of CPU 0; null without cpufreq",
     "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor, else cpufreq/policy0"},
    {"cpu.cpufreq_driver", "string",
     "cpufreq scaling driver (intel_pstate, intel_cpufreq, acpi-cpufreq, amd-pstate...); null "
     "without cpufreq",
     "/sys/devices/system/cpu/cpu0/cpufreq/scaling_driver, else cpufreq/policy0"},
    {"cpu.governors_available", "list<string>",
     "Governors the cpufreq policy offers (intel_pstate in active mode: performance and "
     "powersave only); null without cpufreq",
     "/sys/devices/system/cpu/cpu0/cpufreq/scaling_available_governors, else cpufreq/policy0"},
    {"cpu.intel_pstate", "map", "intel_pstate's global state; null members without intel_pstate",
     "/sys/devices/system/cpu/intel_pstate"},
    {"cpu.intel_pstate.status", "enum:active|passive|off", "Operation mode of intel_pstate",
     "/sys/devices/system/cpu/intel_pstate/status"},
    {"cpu.intel_pstate.min_perf_pct", "int",
     "Lowest P-state the driver may select, in percent of the maximum",
     "/sys/devices/system/cpu/intel_pstate/min_perf_pct"},
    {"cpu.intel_pstate.no_turbo", "bool", "Turbo P-states are disabled",
     "/sys/devices/system/cpu/intel_pstate/no_turbo"},
    {"cpu.energy_perf_bias", "int",
     "Energy/performance bias of CPU 0, 0 (performance) to 15 (power saving); null where the "
     "CPU or kernel has no EPB",
     "/sys/devices/system/cpu/cpu0/power/energy_perf_bias"},
};

// Topology from sysfs, for architectures and VMs whose cpuinfo has no physical/core ids.
// Only online CPUs have a topology directory, so those are the ones visited.
std::optional<CpuTopology> sysfs_topology(const ProbeContext& ctx,
                                          const std::optional<std::vector<int>>& online) {
  if (!online || online->empty()) return std::nullopt;
  std::set<int64_t> sockets;
  std::set<std::pair<int64_t, int64_t>> cores;
  auto read_id = [&](const std::string& path) -> std::optional<int64_t> {
    std::optional<std::string> text = ctx.read_required(path);
    if (!text) return std::nullopt;
    std::optional<int64_t> v = parse_int(*text);
    if (!v) ctx.warn(path, "not an integer: '" + std::string(trim(*text)).substr(0, 40) + "'");
    return v;
  };
  for (int cpu : *online) {
    std::string dir = std::string(kCpuDir) + "/cpu" + std::to_string(cpu) + "/topology/";
    std::optional<int64_t> pkg = read_id(dir + "physical_package_id");
    std::optional<int64_t> core = pkg ? read_id(dir + "core_id") : std::nullopt;
    if (!pkg || !core) return std::nullopt;
    sockets.insert(*pkg);
    cores.insert({*pkg, *core});
  }
  return CpuTopology{static_cast<int>(sockets.size()), static_cast<int>(cores.size()),
                     static_cast<int>(online->size())};
}

std::optional<std::vector<int>> read_online(const ProbeContext& ctx) {
  std::string path = std::string(kCpuDir) + "/online";
  std::optional<std::string> text = ctx.read_required(path);
  if (!text) return std::nullopt;
  std::optional<std::vector<int>> cpus = parse_cpulist(*text);
  if (!cpus || cpus->empty()) {
    ctx.warn(path, "not a cpulist: '" + std::string(trim(*text)).substr(0, 40) + "'");
    return std::nullopt;
  }
  return cpus;
}

// No cpufreq at all (most VMs) is a normal null, not a warning.
std::optional<std::string> read_governor(const ProbeContext& ctx) {
  for (std::string_view path : {"/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
                                "/sys/devices/system/cpu/cpufreq/policy0/scaling_governor"}) {
    if (std::optional<std::string> g = ctx.read_word(path); g && !g->empty()) return g;
  }
  return std::nullopt;
}

Facts flag_fact(const std::optional<std::vector<std::string>>& flags,
                const std::optional<std::vector<std::string>>& vmx_flags, std::string_view name) {
  if (!flags) return nullptr;
  return has_flag(*flags, name) || (vmx_flags && has_flag(*vmx_flags, name));
}

void collect_cpu(const ProbeContext& ctx, Facts& facts) {
  std::optional<std::string> text = ctx.read_required(kCpuinfo);
  Cpuinfo info;
  if (text) {
    info = parse_cpuinfo(*text);
    for (const std::string& p : info.problems) ctx.warn(kCpuinfo, p);
    if (info.cpus.empty()) ctx.warn(kCpuinfo, "no processor blocks");
  }
  // The first block describes the boot CPU; its flags are what the kernel runs with.
  const CpuinfoEntry* first =
      !info.cpus.empty() && info.cpus.front().complete ? &info.cpus.front() : nullptr;

  Facts cpu = Facts::object();
  std::optional<std::string> vendor = first ? first->vendor_id : std::nullopt;
  if (!vendor) vendor = ctx.host.cpuid.read().vendor;
  if (!vendor && text) ctx.warn(kCpuinfo, "no vendor_id line, and CPUID vendor unknown");
  cpu["vendor"] = or_null(vendor);
  cpu["model"] = or_null(first ? first->model_name : std::nullopt);

  std::optional<std::vector<int>> online = read_online(ctx);
  std::optional<CpuTopology> topo = cpuinfo_topology(info);
  if (!topo) topo = sysfs_topology(ctx, online);
  cpu["sockets"] = topo ? Facts(topo->sockets) : Facts(nullptr);
  cpu["cores"] = topo ? Facts(topo->cores) : Facts(nullptr);
  cpu["threads"] = topo ? Facts(topo->threads) : Facts(nullptr);
  cpu["online"] = online ? Facts(format_cpulist(*online)) : Facts(nullptr);

  std::optional<std::vector<std::string>> flags = first ? first->flags : std::nullopt;
  std::optional<std::vector<std::string>> vmx_flags = first ? first->vmx_flags : std::nullopt;
  if (first && !flags) ctx.warn(kCpuinfo, "no flags line");
  cpu["flags"] = or_null(flags);
  if (flags)
    cpu["hw_virt"] = has_flag(*flags, "vmx") ? "vt-x" : has_flag(*flags, "svm") ? "amd-v" : "none";
  else
    cpu["hw_virt"] = nullptr;
  cpu["ept"] = flag_fact(flags, vmx_flags, "ept");
  cpu["npt"] = flag_fact(flags, std::nullopt, "npt");
  cpu["vpid"] = flag_fact(flags, vmx_flags, "vpid");
  cpu["governor"] = or_null(read_governor(ctx));
  collect_cpu_power(ctx, cpu);
  facts["cpu"] = std::move(cpu);
}

}  // namespace

const Probe kCpuProbe{"cpu", "Processor vendor, model, topology, flags and governor", kCpuSchema,
                      collect_cpu};

}  // namespace vtune
