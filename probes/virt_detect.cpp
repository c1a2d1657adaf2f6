#include "probes/virt_detect.h"

#include <algorithm>
#include <cstdio>

#include "engine/core/text.h"
#include "probes/mountinfo.h"

namespace vtune {
namespace {

struct Vote {
  Hypervisor h;
  std::string evidence;
};

// Leaf 0x40000000 signatures (EBX:ECX:EDX).
std::optional<Hypervisor> from_signature(std::string_view sig) {
  while (!sig.empty() && sig.back() == '\0') sig.remove_suffix(1);
  struct Known {
    std::string_view sig;
    Hypervisor h;
  };
  static constexpr Known kKnown[] = {
      {"KVMKVMKVM", Hypervisor::Kvm},           {"VMwareVMware", Hypervisor::Vmware},
      {"Microsoft Hv", Hypervisor::Hyperv},     {"XenVMMXenVMM", Hypervisor::Xen},
      {"VBoxVBoxVBox", Hypervisor::Virtualbox}, {"bhyve bhyve ", Hypervisor::Bhyve},
      {"TCGTCGTCGTCG", Hypervisor::Qemu},       {" lrpepyh  vr", Hypervisor::Parallels},
      {"prl hyperv  ", Hypervisor::Parallels},
  };
  for (const Known& k : kKnown)
    if (sig == k.sig || trim(sig) == trim(k.sig)) return k.h;
  return std::nullopt;
}

// DMI strings firmware of each hypervisor writes (the same table systemd-detect-virt uses,
// folded onto our enum: clouds built on KVM are kvm).
std::optional<Hypervisor> from_dmi_string(std::string_view v) {
  struct Known {
    std::string_view prefix;
    Hypervisor h;
  };
  static constexpr Known kKnown[] = {
      {"KVM", Hypervisor::Kvm},
      {"OpenStack", Hypervisor::Kvm},
      {"KubeVirt", Hypervisor::Kvm},
      {"Amazon EC2", Hypervisor::Kvm},
      {"Google", Hypervisor::Kvm},
      {"QEMU", Hypervisor::Qemu},
      {"Bochs", Hypervisor::Qemu},
      {"VMware", Hypervisor::Vmware},
      {"VMW", Hypervisor::Vmware},
      {"innotek GmbH", Hypervisor::Virtualbox},
      {"VirtualBox", Hypervisor::Virtualbox},
      {"Xen", Hypervisor::Xen},
      {"Parallels", Hypervisor::Parallels},
      {"BHYVE", Hypervisor::Bhyve},
  };
  for (const Known& k : kKnown)
    if (starts_with(v, k.prefix)) return k.h;
  return std::nullopt;
}

// A bare-metal EC2 instance keeps "Amazon EC2" in DMI; its product name ends in ".metal".
bool is_metal_instance(const DmiIds& dmi) {
  if (!dmi.sys_vendor || !dmi.product_name || *dmi.sys_vendor != "Amazon EC2") return false;
  std::string_view p = *dmi.product_name;
  return p.size() > 6 && p.substr(p.size() - 6) == ".metal";
}

std::vector<Vote> dmi_votes(const DmiIds& dmi) {
  std::vector<Vote> out;
  if (is_metal_instance(dmi)) return out;
  const std::pair<std::string_view, const std::optional<std::string>*> fields[] = {
      {"sys_vendor", &dmi.sys_vendor},
      {"product_name", &dmi.product_name},
      {"board_vendor", &dmi.board_vendor},
      {"bios_vendor", &dmi.bios_vendor},
  };
  for (auto [name, value] : fields) {
    if (!*value) continue;
    std::optional<Hypervisor> h = from_dmi_string(**value);
    // "Microsoft Corporation" also makes Surface laptops; only this product is Hyper-V.
    if (!h && name == "sys_vendor" && **value == "Microsoft Corporation" &&
        dmi.product_name.value_or("") == "Virtual Machine")
      h = Hypervisor::Hyperv;
    if (h) out.push_back({*h, "dmi " + std::string(name) + " " + **value});
  }
  return out;
}

struct PciVendor {
  uint16_t id;
  Hypervisor h;
  std::string_view name;
  bool decisive;  // virtio also appears on hosts (vDPA, DPU emulation): it only supports
};
constexpr PciVendor kPciVendors[] = {
    {0x15ad, Hypervisor::Vmware, "VMware", true},
    {0x80ee, Hypervisor::Virtualbox, "VirtualBox", true},
    {0x1414, Hypervisor::Hyperv, "Microsoft", true},
    {0x5853, Hypervisor::Xen, "Xen", true},
    {0x1ab8, Hypervisor::Parallels, "Parallels", true},
    {0x1b36, Hypervisor::Qemu, "QEMU", true},
    {0x1234, Hypervisor::Qemu, "QEMU stdvga", true},
    {0x1af4, Hypervisor::Kvm, "virtio", false},
};

std::string pci_evidence(const PciVendor& v) {
  char id[8];
  std::snprintf(id, sizeof id, "%04x", v.id);
  return "pci vendor " + std::string(id) + " (" + std::string(v.name) + ")";
}

std::vector<const PciVendor*> pci_matches(const std::optional<std::vector<uint16_t>>& ids) {
  std::vector<const PciVendor*> out;
  if (!ids) return out;
  for (const PciVendor& v : kPciVendors)
    if (std::find(ids->begin(), ids->end(), v.id) != ids->end()) out.push_back(&v);
  return out;
}

// QEMU is the device model under KVM, and virtio sits under both (and bhyve).
bool agrees(Hypervisor vote, Hypervisor chosen) {
  if (vote == chosen) return true;
  bool kvm_family = chosen == Hypervisor::Kvm || chosen == Hypervisor::Qemu;
  return kvm_family && (vote == Hypervisor::Kvm || vote == Hypervisor::Qemu);
}

bool pci_supports(const PciVendor& v, Hypervisor chosen) {
  if (v.decisive) return agrees(v.h, chosen);
  return chosen == Hypervisor::Kvm || chosen == Hypervisor::Qemu || chosen == Hypervisor::Bhyve;
}

// systemd's container= names (systemd-detect-virt --list, "container" group).
Container runtime_named(std::string_view c) {
  return c == "docker"                      ? Container::Docker
         : c == "podman"                    ? Container::Podman
         : c == "lxc" || c == "lxc-libvirt" ? Container::Lxc
                                            : Container::Other;
}

void decide_container(const VirtSignals& s, VirtVerdict& v) {
  auto found = [&](Container c, std::string why) {
    v.container = c;
    v.evidence.push_back(std::move(why));
  };
  if (s.dockerenv) return found(Container::Docker, "/.dockerenv");
  if (s.containerenv) return found(Container::Podman, "/run/.containerenv");
  if (s.pid1_container_var && !s.pid1_container_var->empty()) {
    const std::string& c = *s.pid1_container_var;
    return found(runtime_named(c), "/proc/1/environ container=" + c);
  }
  if (s.systemd_container && !trim(*s.systemd_container).empty()) {
    std::string c(trim(*s.systemd_container));
    return found(runtime_named(c), "/run/systemd/container " + c);
  }
  struct Marker {
    std::string_view text;
    Container c;
  };
  // Specific runtimes before the orchestrator: kubepods paths may name docker too.
  static constexpr Marker kCgroupMarkers[] = {
      {"/docker/", Container::Docker}, {"docker-", Container::Docker},
      {"libpod", Container::Podman},   {"/lxc/", Container::Lxc},
      {"lxc.payload", Container::Lxc}, {"kubepods", Container::Other},
  };
  for (auto [cgroups, file] : {std::pair{&s.pid1_cgroups, "/proc/1/cgroup"},
                               std::pair{&s.self_cgroups, "/proc/self/cgroup"}}) {
    if (!*cgroups) continue;
    for (const Marker& m : kCgroupMarkers)
      for (const std::string& path : **cgroups)
        if (path.find(m.text) != std::string::npos)
          return found(m.c, std::string(file) + " path " + path);
  }
  if (s.self_mounts) {
    // Runtime state directories the root layers or the /etc bind mounts come from.
    static constexpr Marker kMountMarkers[] = {
        {"/docker/containers/", Container::Docker},
        {"/docker/overlay2/", Container::Docker},
        {"/containers/storage/", Container::Podman},
        {"/libpod/", Container::Podman},
        {"/lxc/", Container::Lxc},
        {"/containerd/", Container::Other},
        {"/kubelet/pods/", Container::Other},
    };
    const ContainerMounts& cm = *s.self_mounts;
    for (const Marker& m : kMountMarkers) {
      for (const std::string& p : cm.etc_sources)
        if (p.find(m.text) != std::string::npos)
          return found(m.c, "/proc/self/mountinfo: /etc file bind-mounted from " + p);
      for (const std::string& p : cm.root_layers)
        if (p.find(m.text) != std::string::npos)
          return found(m.c, "/proc/self/mountinfo: / is an overlay with layer " + p);
    }
    if (cm.root_fs_type == "overlay")
      return found(Container::Other, "/proc/self/mountinfo: / is an overlay mount");
  }
  // "none" needs a signal that would have shown a container: pid 1's environment, a cgroup
  // path below the root (a bare "/" is what any cgroup namespace shows, host or not), or the
  // mount table. With none of them readable, a container cannot be ruled out.
  auto informative = [](const std::optional<std::vector<std::string>>& cg) {
    return cg && std::any_of(cg->begin(), cg->end(), [](const std::string& p) { return p != "/"; });
  };
  if (s.pid1_environ_read || informative(s.pid1_cgroups) || informative(s.self_cgroups) ||
      s.self_mounts)
    v.container = Container::None;
}

}  // namespace

std::string_view hypervisor_name(Hypervisor h) {
  switch (h) {
    case Hypervisor::None:
      return "none";
    case Hypervisor::Kvm:
      return "kvm";
    case Hypervisor::Vmware:
      return "vmware";
    case Hypervisor::Hyperv:
      return "hyperv";
    case Hypervisor::Xen:
      return "xen";
    case Hypervisor::Qemu:
      return "qemu";
    case Hypervisor::Virtualbox:
      return "virtualbox";
    case Hypervisor::Bhyve:
      return "bhyve";
    case Hypervisor::Parallels:
      return "parallels";
    case Hypervisor::Other:
      return "other";
  }
  return "other";
}

std::string_view container_name(Container c) {
  switch (c) {
    case Container::None:
      return "none";
    case Container::Docker:
      return "docker";
    case Container::Podman:
      return "podman";
    case Container::Lxc:
      return "lxc";
    case Container::Other:
      return "other";
  }
  return "other";
}

VirtVerdict detect_virt(const VirtSignals& s) {
  VirtVerdict v;
  if (s.xen_capabilities && s.xen_capabilities->find("control_d") != std::string::npos) {
    v.hypervisor = Hypervisor::Xen;
    v.guest = false;
    v.evidence.push_back("/proc/xen/capabilities control_d: xen dom0 is a host");
    decide_container(s, v);
    return v;
  }

  std::optional<Vote> sig;
  if (s.cpuid.hypervisor_signature && !s.cpuid.hypervisor_signature->empty()) {
    const std::string& text = *s.cpuid.hypervisor_signature;
    std::string shown(text.c_str());  // up to the first NUL of a short signature
    if (std::optional<Hypervisor> h = from_signature(text))
      sig = Vote{*h, "cpuid signature " + shown};
    else if (s.cpuid.hypervisor_bit.value_or(false))
      sig = Vote{Hypervisor::Other, "cpuid signature " + shown};
  }
  std::vector<Vote> dmi = dmi_votes(s.dmi);
  std::vector<Vote> platform;  // Xen's own interfaces
  if (s.sys_hypervisor_type && !s.sys_hypervisor_type->empty())
    platform.push_back({*s.sys_hypervisor_type == "xen" ? Hypervisor::Xen : Hypervisor::Other,
                        "/sys/hypervisor/type " + *s.sys_hypervisor_type});
  if (s.xen_capabilities)
    platform.push_back({Hypervisor::Xen, "/proc/xen/capabilities without control_d: xen domU"});
  std::vector<const PciVendor*> pci = pci_matches(s.pci_vendors);
  std::optional<Hypervisor> pci_decisive;
  for (const PciVendor* p : pci)
    if (p->decisive && !pci_decisive) pci_decisive = p->h;

  // An unknown signature only says "some hypervisor"; a named one from firmware is better.
  if (sig && sig->h == Hypervisor::Other && (!dmi.empty() || !platform.empty() || pci_decisive))
    sig.reset();

  // The KVM and Hyper-V CPUID interfaces are borrowed by other hypervisors, whose firmware
  // or devices still give them away.
  std::optional<Hypervisor> chosen;
  std::optional<Hypervisor> named = !dmi.empty() ? std::optional(dmi.front().h) : pci_decisive;
  bool borrowed = sig && (sig->h == Hypervisor::Kvm || sig->h == Hypervisor::Hyperv);
  if (borrowed && named && !agrees(*named, Hypervisor::Kvm) && *named != Hypervisor::Hyperv) {
    chosen = named;
    v.evidence.push_back(sig->evidence + " is an interface " +
                         std::string(hypervisor_name(*named)) + " also offers");
  } else if (sig && sig->h == Hypervisor::Hyperv && named && agrees(*named, Hypervisor::Kvm)) {
    chosen = Hypervisor::Kvm;
    v.evidence.push_back(sig->evidence + ": KVM with Hyper-V enlightenments");
  } else if (sig) {
    chosen = sig->h;
    v.evidence.push_back(sig->evidence);
  } else if (!dmi.empty()) {
    chosen = dmi.front().h;
  } else if (!platform.empty()) {
    chosen = platform.front().h;
  } else if (pci_decisive) {
    chosen = pci_decisive;
  } else if (s.cpuid.hypervisor_bit.value_or(false) || s.cpuinfo_hypervisor_flag.value_or(false)) {
    chosen = Hypervisor::Other;
  }

  if (chosen) {
    for (const Vote& d : dmi)
      if (agrees(d.h, *chosen)) v.evidence.push_back(d.evidence);
    for (const Vote& p : platform)
      if (agrees(p.h, *chosen)) v.evidence.push_back(p.evidence);
    for (const PciVendor* p : pci)
      if (pci_supports(*p, *chosen)) v.evidence.push_back(pci_evidence(*p));
    if (s.cpuid.hypervisor_bit.value_or(false)) v.evidence.push_back("cpuid hypervisor bit");
    if (s.cpuinfo_hypervisor_flag.value_or(false)) v.evidence.push_back("cpuinfo hypervisor flag");
    v.hypervisor = chosen;
    v.guest = true;
  } else {
    // "none" needs a negative answer from the CPU and a look at firmware or devices, since
    // VMware and Hyper-V guests can hide the CPU's hypervisor bit.
    bool cpu_says_no = s.cpuid.hypervisor_bit == false || s.cpuinfo_hypervisor_flag == false;
    bool looked = s.dmi.known() || s.pci_vendors.has_value();
    if (cpu_says_no && looked) {
      v.hypervisor = Hypervisor::None;
      v.guest = false;
      if (s.cpuid.hypervisor_bit == false) v.evidence.push_back("cpuid hypervisor bit clear");
      if (s.cpuinfo_hypervisor_flag == false) v.evidence.push_back("no cpuinfo hypervisor flag");
      if (is_metal_instance(s.dmi))
        v.evidence.push_back("dmi product_name " + *s.dmi.product_name +
                             ": bare-metal cloud instance");
      v.evidence.push_back("no hypervisor vendor in dmi or pci");
    }
  }
  decide_container(s, v);
  return v;
}

std::optional<std::string> parse_environ_container(std::string_view environ) {
  std::optional<std::string> out;
  for (std::string_view var : split(environ, '\0'))
    if (starts_with(var, "container=")) out = std::string(var.substr(10));
  return out;
}

ContainerMounts container_mounts(const MountTable& table) {
  ContainerMounts out;
  for (const MountInfo& m : table.mounts) {
    if (m.mount_point == "/") {  // the last one is on top
      out.root_fs_type = m.fs_type;
      out.root_layers.clear();
      if (std::optional<OverlayMount> o = overlay_of(m)) {
        if (!o->upper_dir.empty()) out.root_layers.push_back(o->upper_dir);
        out.root_layers.insert(out.root_layers.end(), o->lower_dirs.begin(), o->lower_dirs.end());
      }
    }
    if (m.mount_point == "/etc/hostname" || m.mount_point == "/etc/hosts" ||
        m.mount_point == "/etc/resolv.conf")
      out.etc_sources.push_back(m.root);
  }
  return out;
}

std::vector<std::string> parse_cgroup_paths(std::string_view text) {
  std::vector<std::string> out;
  for (std::string_view line : lines(text)) {
    // "hierarchy-id:controllers:path"; the path itself may contain ':'.
    size_t a = line.find(':');
    size_t b = a == std::string_view::npos ? a : line.find(':', a + 1);
    if (b == std::string_view::npos) continue;
    std::string_view path = trim(line.substr(b + 1));
    if (!path.empty()) out.emplace_back(path);
  }
  return out;
}

std::vector<uint16_t> parse_proc_pci_vendors(std::string_view text) {
  std::vector<uint16_t> out;
  for (std::string_view line : lines(text)) {
    std::vector<std::string_view> cols = split_ws(line);
    if (cols.size() < 2 || cols[1].size() != 8) continue;
    std::optional<uint64_t> id = parse_hex(cols[1].substr(0, 4));
    if (!id) continue;
    uint16_t vendor = static_cast<uint16_t>(*id);
    if (std::find(out.begin(), out.end(), vendor) == out.end()) out.push_back(vendor);
  }
  return out;
}

std::optional<bool> parse_module_bool(std::string_view text) {
  std::string_view t = trim(text);
  if (t == "Y" || t == "y" || t == "1") return true;
  if (t == "N" || t == "n" || t == "0") return false;
  return std::nullopt;
}

}  // namespace vtune
