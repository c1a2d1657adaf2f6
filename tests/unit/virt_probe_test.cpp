#include <doctest/doctest.h>

#include <cerrno>
#include <set>

#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/probes.h"
#include "probes/virt_detect.h"

using namespace vtune;
using namespace std::literals;

namespace {

using H = Hypervisor;
using C = Container;

CpuidInfo cpuid(std::optional<bool> bit, std::optional<std::string> sig = std::nullopt) {
  return CpuidInfo{bit, std::move(sig), std::nullopt};
}

struct Case {
  const char* name;
  VirtSignals signals;
  std::optional<H> hypervisor;
  std::optional<bool> guest;
  std::vector<std::string> evidence;  // must all appear, in this order
};

// Signals as a Linux host would show them; each case is a real configuration.
const std::vector<Case>& hypervisor_cases() {
  static const std::vector<Case> cases = {
      {"VMware guest, every signal agrees",
       {.cpuid = cpuid(true, "VMwareVMware"),
        .cpuinfo_hypervisor_flag = true,
        .dmi = {"VMware, Inc.", "VMware Virtual Platform", "VMware, Inc.", "Intel Corporation"},
        .pci_vendors = std::vector<uint16_t>{0x8086, 0x15ad}},
       H::Vmware,
       true,
       {"cpuid signature VMwareVMware", "dmi sys_vendor VMware, Inc.",
        "dmi product_name VMware Virtual Platform", "dmi bios_vendor VMware, Inc.",
        "pci vendor 15ad (VMware)", "cpuid hypervisor bit", "cpuinfo hypervisor flag"}},
      {"ESXi guest with hypervisor.cpuid.v0 = FALSE: no bit, no flag, DMI decides",
       {.cpuid = cpuid(false),
        .cpuinfo_hypervisor_flag = false,
        .dmi = {"VMware, Inc.", "VMware7,1", "VMware, Inc.", "Intel Corporation"},
        .pci_vendors = std::vector<uint16_t>{0x15ad}},
       H::Vmware,
       true,
       {"dmi sys_vendor VMware, Inc.", "pci vendor 15ad (VMware)"}},
      {"Hyper-V guest without the cpuinfo flag, snapshot without cpuid.json",
       {.cpuinfo_hypervisor_flag = false,
        .dmi = {"Microsoft Corporation", "Virtual Machine", "Microsoft Corporation",
                "Microsoft Corporation"}},
       H::Hyperv,
       true,
       {"dmi sys_vendor Microsoft Corporation"}},
      {"Hyper-V Gen1 guest seen only through its PCI vendor (hyperv_fb 1414:5353)",
       {.cpuid = cpuid(false), .pci_vendors = std::vector<uint16_t>{0x1414}},
       H::Hyperv,
       true,
       {"pci vendor 1414 (Microsoft)"}},
      {"a Surface laptop is Microsoft Corporation but not Hyper-V",
       {.cpuid = cpuid(false),
        .cpuinfo_hypervisor_flag = false,
        .dmi = {"Microsoft Corporation", "Surface Laptop 5", "Microsoft Corporation",
                "Microsoft Corporation"}},
       H::None,
       false,
       {"cpuid hypervisor bit clear"}},
      {"Parallels presents the KVM signature; DMI says Parallels",
       {.cpuid = cpuid(true, "KVMKVMKVM"),
        .cpuinfo_hypervisor_flag = true,
        .dmi = {"Parallels International GmbH.", "Parallels ARM Virtual Machine",
                "Parallels International GmbH.", "Parallels International GmbH."},
        .pci_vendors = std::vector<uint16_t>{0x1ab8, 0x1af4}},
       H::Parallels,
       true,
       {"cpuid signature KVMKVMKVM is an interface parallels also offers",
        "dmi sys_vendor Parallels International GmbH.", "pci vendor 1ab8 (Parallels)"}},
      {"Parallels with its own signature",
       {.cpuid = cpuid(true, " lrpepyh  vr"), .cpuinfo_hypervisor_flag = true},
       H::Parallels,
       true,
       {"cpuid signature  lrpepyh  vr"}},
      {"VirtualBox with the KVM paravirtualization provider",
       {.cpuid = cpuid(true, "KVMKVMKVM"),
        .cpuinfo_hypervisor_flag = true,
        .dmi = {"innotek GmbH", "VirtualBox", "innotek GmbH", "Oracle Corporation"},
        .pci_vendors = std::vector<uint16_t>{0x80ee}},
       H::Virtualbox,
       true,
       {"cpuid signature KVMKVMKVM is an interface virtualbox also offers",
        "dmi sys_vendor innotek GmbH", "dmi product_name VirtualBox",
        "pci vendor 80ee (VirtualBox)"}},
      {"KVM exposing Hyper-V enlightenments for Windows shows Microsoft Hv at 0x40000000",
       {.cpuid = cpuid(true, "Microsoft Hv"),
        .cpuinfo_hypervisor_flag = true,
        .dmi = {"QEMU", "Standard PC (Q35 + ICH9, 2009)", "EFI Development Kit II / OVMF",
                std::nullopt}},
       H::Kvm,
       true,
       {"cpuid signature Microsoft Hv: KVM with Hyper-V enlightenments", "dmi sys_vendor QEMU"}},
      {"Xen HVM guest offering the Hyper-V (viridian) interface",
       {.cpuid = cpuid(true, "Microsoft Hv"),
        .dmi = {"Xen", "HVM domU", "Xen", std::nullopt},
        .sys_hypervisor_type = "xen"},
       H::Xen,
       true,
       {"cpuid signature Microsoft Hv is an interface xen also offers", "dmi sys_vendor Xen",
        "/sys/hypervisor/type xen"}},
      {"real Hyper-V",
       {.cpuid = cpuid(true, "Microsoft Hv"),
        .cpuinfo_hypervisor_flag = true,
        .dmi = {"Microsoft Corporation", "Virtual Machine", "Microsoft Corporation",
                "Microsoft Corporation"}},
       H::Hyperv,
       true,
       {"cpuid signature Microsoft Hv", "dmi sys_vendor Microsoft Corporation"}},
      {"QEMU without KVM (TCG)",
       {.cpuid = cpuid(true, "TCGTCGTCGTCG"),
        .dmi = {"QEMU", "Standard PC (i440FX + PIIX, 1996)", "SeaBIOS", std::nullopt},
        .pci_vendors = std::vector<uint16_t>{0x1234, 0x1af4}},
       H::Qemu,
       true,
       {"cpuid signature TCGTCGTCGTCG", "dmi sys_vendor QEMU", "pci vendor 1234 (QEMU stdvga)",
        "pci vendor 1af4 (virtio)"}},
      {"KVM guest whose live CPUID signature keeps its NUL padding",
       {.cpuid = cpuid(true, "KVMKVMKVM\0\0\0"s), .cpuinfo_hypervisor_flag = true},
       H::Kvm,
       true,
       {"cpuid signature KVMKVMKVM", "cpuid hypervisor bit", "cpuinfo hypervisor flag"}},
      {"QEMU DMI alone, CPUID unknown: qemu (acceleration cannot be told)",
       {.dmi = {"QEMU", "Standard PC (Q35 + ICH9, 2009)", "SeaBIOS", std::nullopt}},
       H::Qemu,
       true,
       {"dmi sys_vendor QEMU"}},
      {"KVM with -cpu host,-hypervisor: the bit is hidden, DMI and PCI still show",
       {.cpuid = cpuid(false),
        .cpuinfo_hypervisor_flag = false,
        .dmi = {"QEMU", "Standard PC (Q35 + ICH9, 2009)", "SeaBIOS", std::nullopt},
        .pci_vendors = std::vector<uint16_t>{0x1b36, 0x1af4}},
       H::Qemu,
       true,
       {"dmi sys_vendor QEMU", "pci vendor 1b36 (QEMU)", "pci vendor 1af4 (virtio)"}},
      {"EC2 Nitro guest",
       {.cpuid = cpuid(true, "KVMKVMKVM"),
        .cpuinfo_hypervisor_flag = true,
        .dmi = {"Amazon EC2", "m5.large", "Amazon EC2", "Amazon EC2"}},
       H::Kvm,
       true,
       {"cpuid signature KVMKVMKVM", "dmi sys_vendor Amazon EC2"}},
      {"EC2 bare-metal instance: cloud DMI and vmx, but no hypervisor",
       {.cpuid = cpuid(false),
        .cpuinfo_hypervisor_flag = false,
        .dmi = {"Amazon EC2", "m5.metal", "Amazon EC2", "Amazon EC2"}},
       H::None,
       false,
       {"cpuid hypervisor bit clear", "no cpuinfo hypervisor flag",
        "dmi product_name m5.metal: bare-metal cloud instance"}},
      {"bare metal server",
       {.cpuid = cpuid(false),
        .cpuinfo_hypervisor_flag = false,
        .dmi = {"Dell Inc.", "PowerEdge R750", "Dell Inc.", "Dell Inc."},
        .pci_vendors = std::vector<uint16_t>{0x8086, 0x15b3}},
       H::None,
       false,
       {"cpuid hypervisor bit clear", "no cpuinfo hypervisor flag",
        "no hypervisor vendor in dmi or pci"}},
      {"bare metal with a DPU emulating virtio-net: virtio alone is no guest",
       {.cpuid = cpuid(false),
        .cpuinfo_hypervisor_flag = false,
        .dmi = {"Dell Inc.", "PowerEdge R750", "Dell Inc.", "Dell Inc."},
        .pci_vendors = std::vector<uint16_t>{0x15b3, 0x1af4}},
       H::None,
       false,
       {"cpuid hypervisor bit clear"}},
      {"snapshot without cpuid.json: the cpuinfo flag and DMI still decide",
       {.cpuinfo_hypervisor_flag = false,
        .dmi = {"Supermicro", "SYS-1029P-WTR", "American Megatrends Inc.", "Supermicro"}},
       H::None,
       false,
       {"no cpuinfo hypervisor flag"}},
      {"no cpuid.json, no DMI, no PCI: a missing flag alone is not enough",
       {.cpuinfo_hypervisor_flag = false},
       std::nullopt,
       std::nullopt,
       {}},
      {"nothing known at all", {}, std::nullopt, std::nullopt, {}},
      {"Xen dom0: Xen's signature, but control_d makes it the host",
       {.cpuid = cpuid(true, "XenVMMXenVMM"),
        .cpuinfo_hypervisor_flag = true,
        .dmi = {"Dell Inc.", "PowerEdge R740", "Dell Inc.", "Dell Inc."},
        .sys_hypervisor_type = "xen",
        .xen_capabilities = "control_d\n"},
       H::Xen,
       false,
       {"/proc/xen/capabilities control_d: xen dom0 is a host"}},
      {"Xen PV domU: no CPUID signature, no DMI",
       {.sys_hypervisor_type = "xen", .xen_capabilities = ""},
       H::Xen,
       true,
       {"/sys/hypervisor/type xen", "/proc/xen/capabilities without control_d: xen domU"}},
      {"Xen HVM domU",
       {.cpuid = cpuid(true, "XenVMMXenVMM"),
        .cpuinfo_hypervisor_flag = true,
        .dmi = {"Xen", "HVM domU", "Xen", std::nullopt},
        .sys_hypervisor_type = "xen",
        .pci_vendors = std::vector<uint16_t>{0x5853}},
       H::Xen,
       true,
       {"cpuid signature XenVMMXenVMM", "dmi sys_vendor Xen", "/sys/hypervisor/type xen",
        "pci vendor 5853 (Xen)"}},
      {"bhyve guest",
       {.cpuid = cpuid(true, "bhyve bhyve "),
        .dmi = {"FreeBSD", "BHYVE", "BHYVE", std::nullopt},
        .pci_vendors = std::vector<uint16_t>{0x1af4}},
       H::Bhyve,
       true,
       {"cpuid signature bhyve bhyve ", "dmi product_name BHYVE", "pci vendor 1af4 (virtio)"}},
      {"an unknown signature with the bit set is some hypervisor",
       {.cpuid = cpuid(true, "ACRNACRNACRN"),
        .dmi = {"Intel Corporation", "NUC", "Intel Corp.", "Intel Corporation"}},
       H::Other,
       true,
       {"cpuid signature ACRNACRNACRN", "cpuid hypervisor bit"}},
      {"an unknown signature defers to a DMI that names the hypervisor",
       {.cpuid = cpuid(true, "SomethingNew"),
        .dmi = {"VMware, Inc.", "VMware20,1", "VMware, Inc.", std::nullopt}},
       H::Vmware,
       true,
       {"dmi sys_vendor VMware, Inc.", "cpuid hypervisor bit"}},
      {"only the cpuinfo flag says guest",
       {.cpuinfo_hypervisor_flag = true},
       H::Other,
       true,
       {"cpuinfo hypervisor flag"}},
      {"a garbage signature without the bit is bare metal's leftover leaf",
       {.cpuid = cpuid(false, "\x16\x00\x00\x00GenuineI"s),
        .cpuinfo_hypervisor_flag = false,
        .dmi = {"Dell Inc.", "PowerEdge R750", "Dell Inc.", "Dell Inc."}},
       H::None,
       false,
       {"cpuid hypervisor bit clear"}},
  };
  return cases;
}

bool contains_in_order(const std::vector<std::string>& have, const std::vector<std::string>& want) {
  size_t i = 0;
  for (const std::string& h : have)
    if (i < want.size() && h == want[i]) ++i;
  return i == want.size();
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += "[" + s + "] ";
  return out;
}

struct Cont {
  const char* name;
  VirtSignals signals;
  std::optional<C> container;
  std::string evidence;
};

const std::vector<Cont>& container_cases() {
  static const std::vector<Cont> cases = {
      {"docker leaves /.dockerenv", {.dockerenv = true}, C::Docker, "/.dockerenv"},
      {"podman leaves /run/.containerenv", {.containerenv = true}, C::Podman, "/run/.containerenv"},
      {"systemd-nspawn sets container= for pid 1",
       {.pid1_container_var = "systemd-nspawn", .pid1_environ_read = true},
       C::Other,
       "/proc/1/environ container=systemd-nspawn"},
      {"LXC sets container=lxc",
       {.pid1_container_var = "lxc", .pid1_environ_read = true},
       C::Lxc,
       "/proc/1/environ container=lxc"},
      {"cgroup v1 docker path",
       {.pid1_cgroups = std::vector<std::string>{"/docker/3f1c2a9b8e7d"}},
       C::Docker,
       "/proc/1/cgroup path /docker/3f1c2a9b8e7d"},
      {"cgroup v2 systemd driver docker scope",
       {.pid1_cgroups = std::vector<std::string>{"/system.slice/docker-3f1c2a9b8e7d.scope"}},
       C::Docker,
       "/proc/1/cgroup path /system.slice/docker-3f1c2a9b8e7d.scope"},
      {"kubernetes with containerd",
       {.pid1_cgroups =
            std::vector<std::string>{"/kubepods/besteffort/pod4a1b/cri-containerd-9c8d.scope"}},
       C::Other,
       "/proc/1/cgroup path /kubepods/besteffort/pod4a1b/cri-containerd-9c8d.scope"},
      {"LXD/LXC 4+ payload cgroup",
       {.pid1_cgroups = std::vector<std::string>{"/lxc.payload.web1"}},
       C::Lxc,
       "/proc/1/cgroup path /lxc.payload.web1"},
      {"a host: init.scope and no container=",
       {.pid1_environ_read = true, .pid1_cgroups = std::vector<std::string>{"/init.scope"}},
       C::None,
       ""},
      {"pid 1 unreadable: unknown, not none", {}, std::nullopt, ""},
  };
  return cases;
}

struct FakeCpuid final : CpuidSource {
  CpuidInfo info;
  CpuidInfo read() const override { return info; }
};

struct MemHost {
  MemoryHostFs fs;
  FakeCpuid cpuid;
  Warnings warnings;
  Json run(Facts facts = Json::object()) {
    auto ethtool = make_snapshot_ethtool(fs);
    auto devices = make_sysfs_device_source(fs);
    Host host{fs, cpuid, *ethtool, *devices, false};
    ProbeOptions options;
    ProbeContext ctx(host, options, warnings);
    kVirtProbe.collect(ctx, facts);
    return facts["virt"];
  }
  bool warned_about(std::string_view path) const {
    for (const Warning& w : warnings.items())
      if (w.path == "mem:" + std::string(path)) return true;
    return false;
  }
};

Json run_fixture(std::string_view name, Warnings& warnings) {
  HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + std::string(name));
  ProbeOptions options;
  ProbeContext ctx(backend.host(), options, warnings);
  Facts facts = Json::object();
  kCpuProbe.collect(ctx, facts);
  kVirtProbe.collect(ctx, facts);
  return facts["virt"];
}

Json kvm(Json module, Json ept, Json npt, Json nested) {
  Json k = Json::object();
  k["module"] = module;
  k["ept"] = ept;
  k["npt"] = npt;
  k["nested"] = nested;
  return k;
}

Json list(std::vector<std::string> v) {
  return Json(std::move(v));
}

}  // namespace

TEST_CASE("detect_virt: hypervisor decision table") {
  for (const Case& c : hypervisor_cases()) {
    std::string name = c.name;
    CAPTURE(name);
    VirtVerdict v = detect_virt(c.signals);
    CHECK(v.hypervisor == c.hypervisor);
    CHECK(v.guest == c.guest);
    CHECK_MESSAGE(contains_in_order(v.evidence, c.evidence), joined(v.evidence));
    if (c.hypervisor) CHECK_FALSE(v.evidence.empty());
  }
}

TEST_CASE("detect_virt: container decision table") {
  for (const Cont& c : container_cases()) {
    std::string name = c.name;
    CAPTURE(name);
    VirtVerdict v = detect_virt(c.signals);
    CHECK(v.container == c.container);
    if (!c.evidence.empty())
      CHECK_MESSAGE(contains_in_order(v.evidence, {c.evidence}), joined(v.evidence));
  }
}

TEST_CASE("detect_virt: a container and a hypervisor are independent") {
  VirtSignals s{.cpuid = cpuid(true, "KVMKVMKVM"),
                .dmi = {"QEMU", std::nullopt, std::nullopt, std::nullopt},
                .dockerenv = true};
  VirtVerdict v = detect_virt(s);
  CHECK(v.hypervisor == H::Kvm);
  CHECK(v.guest == true);
  CHECK(v.container == C::Docker);
  CHECK(v.evidence.back() == "/.dockerenv");
}

TEST_CASE("virt signal parsers") {
  CHECK(parse_environ_container("HOME=/\0container=podman\0TERM=xterm\0"sv) == "podman");
  CHECK_FALSE(parse_environ_container("HOME=/\0TERM=linux\0"sv));
  CHECK_FALSE(parse_environ_container("HOME=/\0mycontainer=x\0"sv));
  CHECK(parse_environ_container("container=") == "");

  auto v1 = parse_cgroup_paths(
      "12:pids:/docker/3f1c\n11:cpu,cpuacct:/docker/3f1c\n1:name=systemd:/docker/3f1c\n");
  CHECK(v1 == std::vector<std::string>{"/docker/3f1c", "/docker/3f1c", "/docker/3f1c"});
  CHECK(parse_cgroup_paths("0::/init.scope\n") == std::vector<std::string>{"/init.scope"});
  CHECK(parse_cgroup_paths("0::/a:b\n") == std::vector<std::string>{"/a:b"});
  CHECK(parse_cgroup_paths("garbage\n\n").empty());

  const char* proc_pci =
      "0000\t80862020\t0\t00000000\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n"
      "0078\t15ad0405\t10\t0000e001\tfd000008\n"
      "0080\t15ad0740\t10\t0000e001\n"
      "bad line\n"
      "0088\tzzzz0000\t0\n";
  CHECK(parse_proc_pci_vendors(proc_pci) == std::vector<uint16_t>{0x8086, 0x15ad});

  CHECK(parse_module_bool("Y\n") == true);
  CHECK(parse_module_bool("N") == false);
  CHECK(parse_module_bool("1") == true);
  CHECK(parse_module_bool("0\n") == false);
  CHECK_FALSE(parse_module_bool("maybe"));
  CHECK_FALSE(parse_module_bool(""));
}

TEST_CASE("virt probe: a missing cpuid.json and unknown flags give null, not none") {
  MemHost h;
  Json virt = h.run();
  CHECK(virt["hypervisor"].is_null());
  CHECK(virt["guest"].is_null());
  CHECK(virt["container"].is_null());
  CHECK(virt["kvm_host"] == false);
  CHECK(virt["kvm"] == kvm(nullptr, nullptr, nullptr, nullptr));
  CHECK_FALSE(h.warnings.empty());
}

TEST_CASE("virt probe: unreadable and malformed inputs are warnings, never values") {
  MemHost h;
  h.cpuid.info = cpuid(false);
  h.fs.add_error("/sys/class/dmi/id/sys_vendor", EACCES);
  h.fs.add_file("/sys/class/dmi/id/product_name", "PowerEdge R750\n");
  h.fs.add_file("/sys/bus/pci/devices/0000:00:00.0/vendor", "0x8086\n");
  h.fs.add_file("/sys/bus/pci/devices/0000:00:01.0/vendor", "vendor?\n");
  h.fs.add_error("/proc/1/environ", EACCES);
  h.fs.add_file("/proc/1/cgroup", "0::/init.scope\n");
  h.fs.add_file("/dev/kvm", "");
  h.fs.add_file("/sys/module/kvm/initstate", "live\n");
  h.fs.add_file("/sys/module/kvm_intel/parameters/ept", "maybe\n");
  h.fs.add_error("/sys/module/kvm_intel/parameters/nested", EIO);
  Json virt = h.run();
  CHECK(h.warned_about("/sys/class/dmi/id/sys_vendor"));
  CHECK(h.warned_about("/sys/bus/pci/devices/0000:00:01.0/vendor"));
  CHECK(h.warned_about("/proc/1/environ"));
  CHECK(h.warned_about("/sys/module/kvm_intel/parameters/ept"));
  CHECK(h.warned_about("/sys/module/kvm_intel/parameters/nested"));
  CHECK(virt["hypervisor"] == "none");
  CHECK(virt["guest"] == false);
  CHECK(virt["container"] == "none");  // pid 1's cgroup was still readable
  CHECK(virt["kvm_host"] == true);
  CHECK(virt["kvm"] == kvm("kvm_intel", nullptr, nullptr, nullptr));
}

TEST_CASE("virt probe: PCI vendors fall back to /proc/bus/pci/devices") {
  MemHost h;
  h.cpuid.info = cpuid(false);  // hypervisor.cpuid.v0 = FALSE
  h.fs.add_file("/proc/bus/pci/devices", "0078\t15ad0405\t10\n0000\t80867190\t0\n");
  Facts facts = Json::object();
  facts["cpu"]["flags"] = list({"fpu", "sse2"});
  Json virt = h.run(facts);
  CHECK(virt["hypervisor"] == "vmware");
  CHECK(virt["guest"] == true);
  CHECK(virt["evidence"] == list({"pci vendor 15ad (VMware)"}));
}

TEST_CASE("virt probe: kvm_amd parameters") {
  MemHost h;
  h.fs.add_file("/dev/kvm", "");
  h.fs.add_file("/sys/module/kvm/initstate", "live\n");
  h.fs.add_file("/sys/module/kvm_amd/parameters/npt", "1\n");
  h.fs.add_file("/sys/module/kvm_amd/parameters/nested", "0\n");
  Json virt = h.run();
  CHECK(virt["kvm_host"] == true);
  CHECK(virt["kvm"] == kvm("kvm_amd", nullptr, true, false));
}

TEST_CASE("virt probe: every emitted key is in its schema") {
  std::set<std::string> schema;
  for (const FactField& f : kVirtProbe.schema) schema.insert(std::string(f.path));
  std::set<std::string> emitted{"virt"};
  Warnings w;
  Json virt = run_fixture("kvm-host", w);
  for (auto it = virt.begin(); it != virt.end(); ++it) {
    emitted.insert("virt." + it.key());
    if (it->is_object())
      for (auto k = it->begin(); k != it->end(); ++k)
        emitted.insert("virt." + it.key() + "." + k.key());
  }
  CHECK(emitted == schema);
}

TEST_CASE("virt fixture vmware-guest") {
  Warnings w;
  Json virt = run_fixture("vmware-guest", w);
  CHECK(w.empty());
  CHECK(virt["hypervisor"] == "vmware");
  CHECK(virt["guest"] == true);
  CHECK(virt["container"] == "none");
  CHECK(virt["kvm_host"] == false);
  CHECK(virt["kvm"] == kvm(nullptr, nullptr, nullptr, nullptr));
  CHECK(virt["evidence"] ==
        list({"cpuid signature VMwareVMware", "dmi sys_vendor VMware, Inc.",
              "dmi product_name VMware Virtual Platform", "dmi bios_vendor VMware, Inc.",
              "pci vendor 15ad (VMware)", "cpuid hypervisor bit", "cpuinfo hypervisor flag"}));
}

TEST_CASE("virt fixture kvm-guest") {
  Warnings w;
  Json virt = run_fixture("kvm-guest", w);
  CHECK(w.empty());
  CHECK(virt["hypervisor"] == "kvm");
  CHECK(virt["guest"] == true);
  CHECK(virt["container"] == "none");
  CHECK(virt["kvm_host"] == false);
  CHECK(virt["kvm"] == kvm(nullptr, nullptr, nullptr, nullptr));
  CHECK(virt["evidence"] ==
        list({"cpuid signature KVMKVMKVM", "dmi sys_vendor QEMU", "pci vendor 1234 (QEMU stdvga)",
              "pci vendor 1af4 (virtio)", "cpuid hypervisor bit", "cpuinfo hypervisor flag"}));
}

TEST_CASE("virt fixture baremetal-2s") {
  Warnings w;
  Json virt = run_fixture("baremetal-2s", w);
  CHECK(w.empty());
  CHECK(virt["hypervisor"] == "none");
  CHECK(virt["guest"] == false);
  CHECK(virt["container"] == "none");
  CHECK(virt["kvm_host"] == false);
  CHECK(virt["kvm"] == kvm(nullptr, nullptr, nullptr, nullptr));
  CHECK(virt["evidence"] == list({"cpuid hypervisor bit clear", "no cpuinfo hypervisor flag",
                                  "no hypervisor vendor in dmi or pci"}));
}

TEST_CASE("virt fixture kvm-host") {
  Warnings w;
  Json virt = run_fixture("kvm-host", w);
  CHECK(w.empty());
  CHECK(virt["hypervisor"] == "none");
  CHECK(virt["guest"] == false);
  CHECK(virt["container"] == "none");
  CHECK(virt["kvm_host"] == true);
  CHECK(virt["kvm"] == kvm("kvm_intel", true, nullptr, true));
  CHECK(virt["evidence"] == list({"cpuid hypervisor bit clear", "no cpuinfo hypervisor flag",
                                  "no hypervisor vendor in dmi or pci"}));
}

TEST_CASE("virt fixture container-host") {
  Warnings w;
  Json virt = run_fixture("container-host", w);
  CHECK(w.empty());
  CHECK(virt["hypervisor"] == "none");
  CHECK(virt["guest"] == false);
  CHECK(virt["container"] == "none");
  CHECK(virt["kvm_host"] == false);
  CHECK(virt["kvm"] == kvm(nullptr, nullptr, nullptr, nullptr));
  CHECK(virt["evidence"] == list({"cpuid hypervisor bit clear", "no cpuinfo hypervisor flag",
                                  "no hypervisor vendor in dmi or pci"}));
}
