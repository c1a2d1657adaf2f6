#pragma once
// Deciding whether this host is a guest, of which hypervisor, and whether it runs in a
// container, from every signal at once. The decision is a pure function so that the
// cases where signals lie can be tested from literal signal sets:
//   - KVM and Hyper-V CPUID interfaces are offered by other hypervisors too (Parallels,
//     VirtualBox, Xen, KVM's own Hyper-V enlightenments): a DMI that names another
//     hypervisor wins over those two signatures.
//   - VMware and Hyper-V guests can hide the CPUID hypervisor bit (and so the cpuinfo
//     flag): DMI or PCI vendor ids alone are enough to call a guest.
//   - vmx/svm say nothing about being a guest (bare metal has them; nested guests too), so
//     they are not signals here. A bare-metal cloud instance keeps its cloud's DMI vendor.
//   - Xen dom0 sees Xen's CPUID signature, but /proc/xen/capabilities "control_d" makes it
//     the host.
//   - Unknown is not "none": with no CPUID and no cpuinfo flags the answer is unknown.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/cpuid_source.h"

namespace vtune {

enum class Hypervisor { None, Kvm, Vmware, Hyperv, Xen, Qemu, Virtualbox, Bhyve, Parallels, Other };
enum class Container { None, Docker, Podman, Lxc, Other };

std::string_view hypervisor_name(Hypervisor h);
std::string_view container_name(Container c);

struct DmiIds {
  std::optional<std::string> sys_vendor;
  std::optional<std::string> product_name;
  std::optional<std::string> bios_vendor;
  std::optional<std::string> board_vendor;
  bool known() const { return sys_vendor || product_name || bios_vendor || board_vendor; }
};

// What /proc/self/mountinfo says about a container: the root mount's type and layers, and
// the files a runtime bind-mounts over /etc (hostname, hosts, resolv.conf) with the path
// they come from in the runtime's state directory.
struct ContainerMounts {
  std::string root_fs_type;              // "overlay", "ext4", ...; empty when no "/" mount
  std::vector<std::string> root_layers;  // the root overlay's upper and lower dirs
  std::vector<std::string> etc_sources;  // the source root of /etc/hostname, /etc/hosts, ...
};
// Pure: from the parsed table (probes/mountinfo.h).
struct MountTable;
ContainerMounts container_mounts(const MountTable& table);

struct VirtSignals {
  CpuidInfo cpuid;                                   // all unset when cpuid.json is missing
  std::optional<bool> cpuinfo_hypervisor_flag;       // unset when cpu.flags is unknown
  DmiIds dmi;                                        // /sys/class/dmi/id/*
  std::optional<std::string> sys_hypervisor_type;    // /sys/hypervisor/type
  std::optional<std::string> xen_capabilities;       // /proc/xen/capabilities
  std::optional<std::vector<uint16_t>> pci_vendors;  // unset when PCI could not be listed
  // Container signals. /proc/1/environ is readable by root only; the rest are readable by
  // any user, so an unprivileged run still decides.
  bool dockerenv = false;                         // /.dockerenv
  bool containerenv = false;                      // /run/.containerenv (podman)
  std::optional<std::string> systemd_container;   // /run/systemd/container (systemd's marker)
  std::optional<std::string> pid1_container_var;  // container= in /proc/1/environ
  bool pid1_environ_read = false;
  std::optional<std::vector<std::string>> pid1_cgroups;  // paths from /proc/1/cgroup
  std::optional<std::vector<std::string>> self_cgroups;  // paths from /proc/self/cgroup
  std::optional<ContainerMounts> self_mounts;            // from /proc/self/mountinfo
};

struct VirtVerdict {
  std::optional<Hypervisor> hypervisor;  // unset: no signal could tell
  std::optional<bool> guest;
  std::optional<Container> container;
  std::vector<std::string> evidence;  // the signals that decided, in order of weight
};

VirtVerdict detect_virt(const VirtSignals& s);

// Pure parsers for the signal files.
// The value of container= in a NUL-separated environment block.
std::optional<std::string> parse_environ_container(std::string_view environ);
// The cgroup paths of /proc/<pid>/cgroup lines "id:controllers:path".
std::vector<std::string> parse_cgroup_paths(std::string_view text);
// Vendor ids from /proc/bus/pci/devices (second column: vendor << 16 | device, in hex).
std::vector<uint16_t> parse_proc_pci_vendors(std::string_view text);
// Kernel module boolean parameters: Y/N, 1/0.
std::optional<bool> parse_module_bool(std::string_view text);

}  // namespace vtune
