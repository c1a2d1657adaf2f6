// The sysctl probe: the current value of each watched key, normalised by read_sysctl so a
// rule compares "4096 131072 6291456" whatever the kernel's tabs.
#include "probes/probes.h"
#include "probes/sysctl_reader.h"

namespace vtune {
namespace {

constexpr FactField kSysctlSchema[] = {
    {"sysctl", "map<string,string>",
     "Current value of each watched sysctl key (see watched_sysctls()), keyed by its dotted name, "
     "trimmed with runs of blanks collapsed to one space; a key the kernel lacks is absent",
     "/proc/sys/<key with dots as slashes>"},
};

void collect_sysctl(const ProbeContext& ctx, Facts& facts) {
  Facts values = Facts::object();
  for (std::string_view key : watched_sysctls()) {
    Result<std::string> value = read_sysctl(ctx.host.fs, key);
    if (value) {
      values[std::string(key)] = std::move(value).value();
    } else if (value.error().err != ENOENT && value.error().err != ENOTDIR) {
      // Absent keys are normal (a module not loaded); anything else hides a real value.
      ctx.warn(sysctl_path(key), value.error().message());
    }
  }
  facts["sysctl"] = std::move(values);
}

}  // namespace

const Probe kSysctlProbe{"sysctl", "Current values of the sysctl keys the rules watch",
                         kSysctlSchema, collect_sysctl};

}  // namespace vtune
