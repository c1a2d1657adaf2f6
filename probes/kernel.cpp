// The kernel probe: which kernel runs and how it was booted.
#include "engine/core/text.h"
#include "probes/cmdline_args.h"
#include "probes/kernel_modules.h"
#include "probes/probes.h"

namespace vtune {
namespace {

constexpr FactField kKernelSchema[] = {
    {"kernel", "map", "The running kernel", ""},
    {"kernel.release", "string", "Kernel release, as uname -r prints it (\"6.1.0-18-amd64\")",
     "/proc/sys/kernel/osrelease"},
    {"kernel.version", "string",
     "Kernel build version string (\"#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)\")",
     "/proc/sys/kernel/version"},
    {"kernel.cmdline", "string", "The kernel command line, trimmed", "/proc/cmdline"},
    {"kernel.cmdline_args", "list<string>",
     "The command line split on whitespace; double quotes group words and are removed, as the "
     "kernel parses it",
     "/proc/cmdline"},
    {"kernel.tcp_congestion_available", "list<string>",
     "TCP congestion control algorithms this kernel can use, sorted: those registered now "
     "(tcp_available_congestion_control lists only loaded modules) plus those built in or "
     "installed as modules (tcp_<name>.ko), which the kernel loads when the sysctl names them; "
     "null when none of the sources is readable",
     "/proc/sys/net/ipv4/tcp_available_congestion_control, "
     "/lib/modules/<release>/modules.dep, /lib/modules/<release>/modules.builtin"},
};

// Loaded, built-in and loadable algorithms together; null when no source could be read.
Facts congestion_available(const ProbeContext& ctx, const Facts& release) {
  std::set<std::string> names;
  bool known = false;
  if (std::optional<std::string> loaded =
          ctx.read_optional("/proc/sys/net/ipv4/tcp_available_congestion_control")) {
    names = congestion_words(*loaded);
    known = true;
  }
  if (release.is_string()) {
    std::string dir = "/lib/modules/" + release.get<std::string>();
    for (const char* list : {"/modules.dep", "/modules.builtin"}) {
      std::optional<std::string> text = ctx.read_optional(dir + list);
      if (!text) continue;
      known = true;
      names.merge(congestion_modules(*text));
    }
  }
  if (!known) return nullptr;
  Facts out = Facts::array();
  for (const std::string& n : names) out.push_back(n);
  return out;
}

Facts trimmed_text(const ProbeContext& ctx, std::string_view path) {
  std::optional<std::string> text = ctx.read_required(path);
  if (!text) return nullptr;
  return std::string(trim(*text));
}

void collect_kernel(const ProbeContext& ctx, Facts& facts) {
  Facts kernel = Facts::object();
  kernel["release"] = trimmed_text(ctx, "/proc/sys/kernel/osrelease");
  kernel["version"] = trimmed_text(ctx, "/proc/sys/kernel/version");
  Facts cmdline = trimmed_text(ctx, "/proc/cmdline");
  Facts args = nullptr;
  if (cmdline.is_string()) {
    args = Facts::array();
    for (std::string& arg : split_cmdline(cmdline.get<std::string>())) args.push_back(arg);
  }
  kernel["cmdline"] = std::move(cmdline);
  kernel["cmdline_args"] = std::move(args);
  kernel["tcp_congestion_available"] = congestion_available(ctx, kernel["release"]);
  facts["kernel"] = std::move(kernel);
}

}  // namespace

const Probe kKernelProbe{"kernel", "Kernel release, version and boot command line", kKernelSchema,
                         collect_kernel};

}  // namespace vtune
