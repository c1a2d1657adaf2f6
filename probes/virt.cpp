// The virt probe: gathers every virtualization and container signal through the host seams
// and hands them to detect_virt(); also reports whether this host can run KVM guests.
#include <algorithm>

#include "engine/core/text.h"
#include "probes/mountinfo.h"
#include "probes/probes.h"
#include "probes/virt_detect.h"

namespace vtune {
namespace {

constexpr FactField kVirtSchema[] = {
    {"virt", "map", "Virtualization and containers", "CPUID, DMI, PCI, /proc, /sys"},
    {"virt.hypervisor", "enum:none|kvm|vmware|hyperv|xen|qemu|virtualbox|bhyve|parallels|other",
     "The hypervisor this system runs under (xen for a dom0); null when no signal can tell",
     "CPUID leaf 0x40000000, /sys/class/dmi/id/*, /sys/hypervisor/type, /proc/xen/capabilities, "
     "/sys/bus/pci/devices/*/vendor (or /proc/bus/pci/devices), cpu.flags"},
    {"virt.guest", "bool", "This system is a virtual machine (a Xen dom0 is not)",
     "as virt.hypervisor"},
    {"virt.container", "enum:none|docker|podman|lxc|other",
     "The container runtime this process runs in; none when the readable signals show no "
     "container, null only when none could be read",
     "/.dockerenv, /run/.containerenv, /run/systemd/container, /proc/1/environ container=, "
     "/proc/1/cgroup, /proc/self/cgroup, /proc/self/mountinfo (overlay root, runtime paths)"},
    {"virt.kvm_host", "bool", "/dev/kvm exists and the kvm module is loaded: KVM guests can run",
     "/dev/kvm, /sys/module/kvm"},
    {"virt.kvm", "map", "The loaded KVM vendor module and its parameters", "/sys/module/kvm_*"},
    {"virt.kvm.module", "enum:kvm_intel|kvm_amd|kvm_pvm",
     "Loaded KVM vendor module; kvm_pvm is PVM, KVM by shadow paging on hosts without "
     "VT-x/AMD-V (nested in a cloud VM); null when none",
     "/sys/module/kvm_intel, /sys/module/kvm_amd, /sys/module/kvm_pvm"},
    {"virt.kvm.ept", "bool", "kvm_intel uses EPT; null without kvm_intel",
     "/sys/module/kvm_intel/parameters/ept"},
    {"virt.kvm.npt", "bool", "kvm_amd uses NPT; null without kvm_amd",
     "/sys/module/kvm_amd/parameters/npt"},
    {"virt.kvm.nested", "bool", "Nested virtualization enabled in the vendor module",
     "/sys/module/kvm_{intel,amd}/parameters/nested"},
    {"virt.evidence", "list<string>", "The signals that decided hypervisor, guest and container",
     "as virt.hypervisor and virt.container"},
};

std::optional<std::string> read_nonempty(const ProbeContext& ctx, std::string_view path) {
  std::optional<std::string> w = ctx.read_word(path);
  if (w && w->empty()) return std::nullopt;
  return w;
}

std::optional<std::vector<uint16_t>> pci_vendors(const ProbeContext& ctx) {
  Result<std::vector<DirEntry>> devices = ctx.host.fs.list_dir("/sys/bus/pci/devices");
  if (devices) {
    std::vector<uint16_t> ids;
    for (const DirEntry& d : *devices) {
      std::string path = "/sys/bus/pci/devices/" + d.name + "/vendor";
      std::optional<std::string> text = ctx.read_optional(path);
      if (!text) continue;
      std::optional<uint64_t> id = parse_hex(*text);
      if (!id || *id > 0xffff) {
        ctx.warn(path, "not a PCI vendor id: '" + std::string(trim(*text)).substr(0, 40) + "'");
        continue;
      }
      if (std::find(ids.begin(), ids.end(), *id) == ids.end())
        ids.push_back(static_cast<uint16_t>(*id));
    }
    return ids;
  }
  if (devices.error().err != ENOENT) ctx.warn("/sys/bus/pci/devices", devices.error().message());
  // Older snapshots and some containers have procfs but no sysfs bus directory.
  if (std::optional<std::string> text = ctx.read_optional("/proc/bus/pci/devices"))
    return parse_proc_pci_vendors(*text);
  return std::nullopt;
}

std::optional<bool> cpuinfo_hypervisor_flag(const Facts& facts) {
  auto cpu = facts.find("cpu");
  if (cpu == facts.end() || !cpu->is_object()) return std::nullopt;
  auto flags = cpu->find("flags");
  if (flags == cpu->end() || !flags->is_array()) return std::nullopt;
  return std::find(flags->begin(), flags->end(), "hypervisor") != flags->end();
}

VirtSignals gather(const ProbeContext& ctx, const Facts& facts) {
  VirtSignals s;
  s.cpuid = ctx.host.cpuid.read();
  s.cpuinfo_hypervisor_flag = cpuinfo_hypervisor_flag(facts);
  s.dmi.sys_vendor = read_nonempty(ctx, "/sys/class/dmi/id/sys_vendor");
  s.dmi.product_name = read_nonempty(ctx, "/sys/class/dmi/id/product_name");
  s.dmi.bios_vendor = read_nonempty(ctx, "/sys/class/dmi/id/bios_vendor");
  s.dmi.board_vendor = read_nonempty(ctx, "/sys/class/dmi/id/board_vendor");
  s.sys_hypervisor_type = read_nonempty(ctx, "/sys/hypervisor/type");
  s.xen_capabilities = ctx.read_optional("/proc/xen/capabilities");
  s.pci_vendors = pci_vendors(ctx);
  s.dockerenv = ctx.host.fs.exists("/.dockerenv");
  s.containerenv = ctx.host.fs.exists("/run/.containerenv");
  if (std::optional<std::string> env = ctx.read_optional("/proc/1/environ")) {
    s.pid1_environ_read = true;
    s.pid1_container_var = parse_environ_container(*env);
  }
  if (std::optional<std::string> cg = ctx.read_optional("/proc/1/cgroup"))
    s.pid1_cgroups = parse_cgroup_paths(*cg);
  // Readable by any user: an unprivileged run decides from these when pid 1 is closed to it.
  s.systemd_container = ctx.read_optional("/run/systemd/container");
  if (std::optional<std::string> cg = ctx.read_optional("/proc/self/cgroup"))
    s.self_cgroups = parse_cgroup_paths(*cg);
  if (std::optional<std::string> mi = ctx.read_optional("/proc/self/mountinfo"))
    s.self_mounts = container_mounts(parse_mountinfo(*mi));
  return s;
}

// A module parameter that exists only when its module is loaded: absent is a plain null.
Facts module_bool(const ProbeContext& ctx, std::string_view path) {
  std::optional<std::string> text = ctx.read_optional(path);
  if (!text) return nullptr;
  std::optional<bool> b = parse_module_bool(*text);
  if (!b) ctx.warn(path, "not a module boolean: '" + std::string(trim(*text)).substr(0, 40) + "'");
  return or_null(b);
}

Facts kvm_facts(const ProbeContext& ctx) {
  Facts kvm = Facts::object();
  bool intel = ctx.host.fs.exists("/sys/module/kvm_intel");
  bool amd = ctx.host.fs.exists("/sys/module/kvm_amd");
  bool pvm = !intel && !amd && ctx.host.fs.exists("/sys/module/kvm_pvm");
  kvm["module"] = intel ? Facts("kvm_intel")
                  : amd ? Facts("kvm_amd")
                  : pvm ? Facts("kvm_pvm")
                        : Facts(nullptr);
  kvm["ept"] = intel ? module_bool(ctx, "/sys/module/kvm_intel/parameters/ept") : nullptr;
  kvm["npt"] = amd ? module_bool(ctx, "/sys/module/kvm_amd/parameters/npt") : nullptr;
  kvm["nested"] = intel ? module_bool(ctx, "/sys/module/kvm_intel/parameters/nested")
                  : amd ? module_bool(ctx, "/sys/module/kvm_amd/parameters/nested")
                        : Facts(nullptr);
  return kvm;
}

void collect_virt(const ProbeContext& ctx, Facts& facts) {
  VirtSignals signals = gather(ctx, facts);
  VirtVerdict verdict = detect_virt(signals);
  // Live, CPUID is always known, so an unknown answer means DMI and PCI were unreadable;
  // in a snapshot it usually means cpuid.json is missing.
  if (!verdict.hypervisor)
    ctx.warn(ctx.host.live ? "/sys/class/dmi/id" : "/.vtune/cpuid.json",
             "hypervisor unknown: no CPUID, cpuinfo flags, DMI or PCI signal decided");
  if (!verdict.container)
    ctx.warn("/proc/1",
             "container unknown: none of /proc/1/environ, /proc/1/cgroup, "
             "/proc/self/cgroup and /proc/self/mountinfo readable");

  Facts virt = Facts::object();
  virt["hypervisor"] = verdict.hypervisor ? Facts(std::string(hypervisor_name(*verdict.hypervisor)))
                                          : Facts(nullptr);
  virt["guest"] = or_null(verdict.guest);
  virt["container"] =
      verdict.container ? Facts(std::string(container_name(*verdict.container))) : Facts(nullptr);
  virt["kvm_host"] = ctx.host.fs.exists("/dev/kvm") && ctx.host.fs.exists("/sys/module/kvm");
  virt["kvm"] = kvm_facts(ctx);
  virt["evidence"] = verdict.evidence;
  facts["virt"] = std::move(virt);
}

}  // namespace

const Probe kVirtProbe{"virt", "Hypervisor, guest or host, container runtime, KVM readiness",
                       kVirtSchema, collect_virt};

}  // namespace vtune
