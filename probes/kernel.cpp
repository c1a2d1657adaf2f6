// The kernel probe: which kernel runs and how it was booted.
#include "engine/core/text.h"
#include "probes/cmdline_args.h"
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
};

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
  facts["kernel"] = std::move(kernel);
}

}  // namespace

const Probe kKernelProbe{"kernel", "Kernel release, version and boot command line", kKernelSchema,
                         collect_kernel};

}  // namespace vtune
