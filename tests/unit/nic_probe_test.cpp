#include <doctest/doctest.h>

#include <algorithm>
#include <cerrno>

#include "engine/core/ethtool_json.h"
#include "engine/core/memory_host_fs.h"
#include "engine/core/text.h"
#include "engine/facts/host_backend.h"
#include "engine/facts/schema_check.h"
#include "probes/nic_sysfs.h"
#include "probes/probes.h"

using namespace vtune;

namespace {

struct Probed {
  Facts facts = Json::object();
  Warnings warnings;
};

Probed probe_host(const Host& host) {
  Probed out;
  ProbeOptions options;
  ProbeContext ctx(host, options, out.warnings);
  kNicProbe.collect(ctx, out.facts);
  return out;
}

Probed probe_fixture(const std::string& name) {
  HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + name);
  return probe_host(backend.host());
}

const Json& nic(const Probed& p, std::string_view name) {
  static const Json kNone;
  for (const Json& n : p.facts.at("nics"))
    if (n.at("name") == name) return n;
  FAIL("no NIC " << name);
  return kNone;
}

std::vector<std::string> names(const Probed& p) {
  std::vector<std::string> out;
  for (const Json& n : p.facts.at("nics")) out.push_back(n.at("name").get<std::string>());
  return out;
}

bool warned(const Probed& p, std::string_view path_part) {
  for (const Warning& w : p.warnings.items())
    if (w.path.find(path_part) != std::string::npos) return true;
  return false;
}

// The schema entry for a facts path, or nullptr.
const FactField* field(std::string_view path) {
  for (const FactField& f : kNicProbe.schema)
    if (f.path == path) return &f;
  return nullptr;
}

// Every key the probe emitted is documented in its schema with a matching type.
void check_against_schema(const Probed& p) {
  const Probe* const probes[] = {&kNicProbe};
  SchemaReport report = check_facts_schema(p.facts, probes);
  for (const std::string& problem : report.problems) FAIL_CHECK(problem);
  CHECK(report.seen_paths.count("nics[].irqs[].name") == 1);
}

}  // namespace

TEST_CASE("nic probe: baremetal-2s ixgbe and mlx5 with SR-IOV") {
  Probed p = probe_fixture("baremetal-2s");
  CHECK(p.warnings.empty());
  check_against_schema(p);
  CHECK(names(p) == std::vector<std::string>{"eno1", "ens2f0"});

  const Json& eno1 = nic(p, "eno1");
  CHECK(eno1["driver"] == "ixgbe");
  CHECK(eno1["speed"] == 10'000'000'000LL);
  CHECK(eno1["mtu"] == 1500);
  CHECK(eno1["virtual"] == false);
  CHECK(eno1["numa_node"] == 0);
  CHECK(eno1["pci"] == "0000:18:00.0");
  CHECK(eno1["mac"] == "e4:43:4b:a1:b2:c0");
  CHECK(eno1["operstate"] == "up");
  CHECK(eno1["sriov"] == Json{{"total_vfs", nullptr}, {"num_vfs", nullptr}});
  CHECK(eno1["queues"] == Json{{"rx", 64}, {"tx", 64}});
  REQUIRE(eno1["rps_cpus"].size() == 64);
  CHECK(eno1["rps_cpus"][63] == "00000000,00000000,00000000");
  CHECK(eno1["rps_flow_cnt"].size() == 64);
  CHECK(eno1["rps_flow_cnt"][0] == 0);
  REQUIRE(eno1["xps_cpus"].size() == 64);
  CHECK(eno1["xps_cpus"][0] == "00000000,00000000,00000001");
  CHECK(eno1["xps_cpus"][40] == "00000000,00000100,00000000");  // queue 40 -> CPU 40
  REQUIRE(eno1["irqs"].size() == 64);
  for (size_t i = 0; i < 64; ++i) {
    CHECK(eno1["irqs"][i]["irq"] == 200 + int(i));
    CHECK(eno1["irqs"][i]["name"] == "eno1-TxRx-" + std::to_string(i));
    CHECK(eno1["irqs"][i]["cpus"] == "0-95");
  }
  CHECK(eno1["ring"] == Json{{"rx", 512}, {"tx", 512}, {"rx_max", 4096}, {"tx_max", 4096}});
  CHECK(eno1["channels"]["combined"] == 64);
  CHECK(eno1["channels"]["combined_max"] == 64);
  CHECK(eno1["channels"]["other"] == 1);
  CHECK(eno1["channels"]["rx"] == 0);
  // ixgbe has no adaptive moderation: the keys are absent, not false.
  CHECK(eno1["coalesce"] == Json{{"rx_usecs", 1}, {"tx_usecs", 0}, {"tx_max_frames_irq", 256}});
  CHECK(eno1["features"]["rx-gro"] == true);
  CHECK(eno1["features"]["rx-lro"] == false);
  CHECK(eno1["features"]["highdma"] == true);
  const Json& fixed = eno1["features_fixed"];
  CHECK(std::find(fixed.begin(), fixed.end(), "highdma") != fixed.end());
  CHECK(std::find(fixed.begin(), fixed.end(), "rx-gro") == fixed.end());

  const Json& mlx = nic(p, "ens2f0");
  CHECK(mlx["driver"] == "mlx5_core");
  CHECK(mlx["speed"] == 25'000'000'000LL);
  CHECK(mlx["numa_node"] == 1);
  CHECK(mlx["pci"] == "0000:af:00.0");
  CHECK(mlx["sriov"] == Json{{"total_vfs", 8}, {"num_vfs", 0}});
  CHECK(mlx["queues"] == Json{{"rx", 8}, {"tx", 8}});
  CHECK(mlx["xps_cpus"][0] == "00000000,00000000,01000000");  // node 1's first CPU, 24
  REQUIRE(mlx["irqs"].size() == 49);
  CHECK(mlx["irqs"][0] ==
        Json{{"irq", 300}, {"name", "mlx5_async0@pci:0000:af:00.0"}, {"cpus", "24-47,72-95"}});
  CHECK(mlx["irqs"][48]["name"] == "mlx5_comp47@pci:0000:af:00.0");
  CHECK(mlx["irqs"][48]["cpus"] == "95");
  CHECK(mlx["ring"]["rx"] == 1024);
  CHECK(mlx["ring"]["rx_max"] == 8192);
  CHECK(mlx["channels"]["combined"] == 8);
  CHECK(mlx["channels"]["combined_max"] == 48);
  CHECK(mlx["coalesce"]["adaptive_rx"] == true);
  CHECK(mlx["coalesce"]["adaptive_tx"] == true);
  CHECK(mlx["coalesce"]["rx_usecs"] == 8);

  CHECK(p.facts["irqbalance"] == Json{{"running", false}, {"pid", nullptr}});
}

TEST_CASE("nic probe: vmware-guest vmxnet3 and an e1000 on a legacy IRQ") {
  Probed p = probe_fixture("vmware-guest");
  CHECK(p.warnings.empty());
  check_against_schema(p);
  CHECK(names(p) == std::vector<std::string>{"ens192", "ens224"});

  const Json& vmx = nic(p, "ens192");
  CHECK(vmx["driver"] == "vmxnet3");
  CHECK(vmx["speed"] == 10'000'000'000LL);
  CHECK(vmx["numa_node"] == nullptr);  // the VM's firmware says -1
  CHECK(vmx["pci"] == "0000:0b:00.0");
  CHECK(vmx["queues"] == Json{{"rx", 4}, {"tx", 4}});
  CHECK(vmx["rps_cpus"] == Json{"0", "0", "0", "0"});
  CHECK(vmx["xps_cpus"] == Json{"1", "2", "4", "8"});
  REQUIRE(vmx["irqs"].size() == 5);
  CHECK(vmx["irqs"][1] == Json{{"irq", 57}, {"name", "ens192-rxtx-1"}, {"cpus", "1"}});
  CHECK(vmx["irqs"][4]["name"] == "ens192-event-4");
  CHECK(vmx["ring"] == Json{{"rx", 1024}, {"tx", 512}, {"rx_max", 4096}, {"tx_max", 4096}});
  CHECK(vmx["channels"] == nullptr);  // vmxnet3 has no channel control
  CHECK(vmx["coalesce"]["adaptive_rx"] == true);
  CHECK(vmx["coalesce"]["adaptive_tx"] == false);

  const Json& e1000 = nic(p, "ens224");
  CHECK(e1000["driver"] == "e1000");
  CHECK(e1000["speed"] == 1'000'000'000LL);
  CHECK(e1000["pci"] == "0000:02:01.0");
  CHECK(e1000["queues"] == Json{{"rx", 1}, {"tx", 1}});
  CHECK(e1000["xps_cpus"] == Json{nullptr});  // single queue: no XPS
  CHECK(e1000["irqs"] == Json{{{"irq", 19}, {"name", "ens224"}, {"cpus", "0-3"}}});
  CHECK(e1000["ring"] == Json{{"rx", 256}, {"tx", 256}, {"rx_max", 4096}, {"tx_max", 4096}});
  CHECK(e1000["channels"] == nullptr);
  CHECK(e1000["coalesce"] == Json{{"rx_usecs", 3}});

  CHECK(p.facts["irqbalance"] == Json{{"running", true}, {"pid", 655}});
}

TEST_CASE("nic probe: kvm-guest virtio_net sits on virtio0 under its PCI function") {
  Probed p = probe_fixture("kvm-guest");
  CHECK(p.warnings.empty());
  check_against_schema(p);
  CHECK(names(p) == std::vector<std::string>{"eth0"});
  const Json& eth0 = nic(p, "eth0");
  CHECK(eth0["driver"] == "virtio_net");
  CHECK(eth0["speed"] == nullptr);
  CHECK(eth0["virtual"] == false);
  CHECK(eth0["pci"] == "0000:00:03.0");
  CHECK(eth0["numa_node"] == nullptr);
  CHECK(eth0["mac"] == "52:54:00:12:34:56");
  CHECK(eth0["sriov"] == Json{{"total_vfs", nullptr}, {"num_vfs", nullptr}});
  CHECK(eth0["queues"] == Json{{"rx", 8}, {"tx", 8}});
  CHECK(eth0["xps_cpus"][7] == "80");
  REQUIRE(eth0["irqs"].size() == 17);
  CHECK(eth0["irqs"][0]["name"] == "virtio0-config");
  CHECK(eth0["irqs"][1] == Json{{"irq", 25}, {"name", "virtio0-input.0"}, {"cpus", "0"}});
  CHECK(eth0["irqs"][16]["name"] == "virtio0-output.7");
  CHECK(eth0["channels"] == Json{{"rx", 0},
                                 {"tx", 0},
                                 {"other", 0},
                                 {"combined", 4},
                                 {"rx_max", 0},
                                 {"tx_max", 0},
                                 {"other_max", 0},
                                 {"combined_max", 8}});
  CHECK(eth0["ring"]["rx"] == 256);
  CHECK(eth0["features_fixed"].size() > 0);
  CHECK(p.facts["irqbalance"]["running"] == false);
}

TEST_CASE("nic probe: kvm-host i40e with SR-IOV and irqbalance") {
  Probed p = probe_fixture("kvm-host");
  CHECK(p.warnings.empty());
  check_against_schema(p);
  const Json& i40e = nic(p, "enp1s0f0");
  CHECK(i40e["driver"] == "i40e");
  CHECK(i40e["speed"] == 10'000'000'000LL);
  CHECK(i40e["numa_node"] == 0);
  CHECK(i40e["sriov"] == Json{{"total_vfs", 64}, {"num_vfs", 0}});
  CHECK(i40e["queues"] == Json{{"rx", 16}, {"tx", 16}});
  REQUIRE(i40e["irqs"].size() == 17);
  CHECK(i40e["irqs"][0]["name"] == "i40e-0000:01:00.0:misc");
  CHECK(i40e["irqs"][16] == Json{{"irq", 146}, {"name", "i40e-enp1s0f0-TxRx-15"}, {"cpus", "15"}});
  CHECK(i40e["channels"]["combined"] == 16);
  CHECK(i40e["channels"]["combined_max"] == 16);
  // Captured the way `vtune snapshot` writes it through the ioctl: every field present.
  CHECK(i40e["coalesce"].size() == std::size(kEthtoolCoalesceNames));
  CHECK(i40e["coalesce"]["adaptive_rx"] == true);
  CHECK(i40e["coalesce"]["rx_usecs"] == 50);
  CHECK(i40e["coalesce"]["sample_interval"] == 0);
  CHECK(p.facts["irqbalance"] == Json{{"running", true}, {"pid", 1022}});
}

TEST_CASE("nic probe: container-host bridge and veth are virtual") {
  Probed p = probe_fixture("container-host");
  CHECK(p.warnings.empty());
  check_against_schema(p);
  CHECK(names(p) == std::vector<std::string>{"docker0", "eno1", "veth1a2b3c4"});

  const Json& docker0 = nic(p, "docker0");
  CHECK(docker0["virtual"] == true);
  CHECK(docker0["driver"] == nullptr);
  CHECK(docker0["pci"] == nullptr);
  CHECK(docker0["numa_node"] == nullptr);
  CHECK(docker0["speed"] == nullptr);
  CHECK(docker0["irqs"] == Json::array());
  CHECK(docker0["queues"] == Json{{"rx", 1}, {"tx", 1}});
  CHECK(docker0["rps_cpus"] == Json{"00000000"});
  CHECK(docker0["ring"] ==
        Json{{"rx", nullptr}, {"tx", nullptr}, {"rx_max", nullptr}, {"tx_max", nullptr}});
  CHECK(docker0["coalesce"] == nullptr);
  CHECK(docker0["channels"] == nullptr);
  CHECK(docker0["features"]["netns-local"] == true);

  const Json& veth = nic(p, "veth1a2b3c4");
  CHECK(veth["virtual"] == true);
  CHECK(veth["speed"] == 10'000'000'000LL);
  CHECK(veth["channels"]["rx_max"] == 32);
  CHECK(veth["xps_cpus"] == Json{"00000000"});

  const Json& eno1 = nic(p, "eno1");
  CHECK(eno1["driver"] == "igb");
  CHECK(eno1["speed"] == 1'000'000'000LL);
  CHECK(eno1["pci"] == "0000:41:00.0");
  CHECK(eno1["queues"] == Json{{"rx", 8}, {"tx", 8}});
  REQUIRE(eno1["irqs"].size() == 9);
  CHECK(eno1["irqs"][8] == Json{{"irq", 98}, {"name", "eno1-TxRx-7"}, {"cpus", "14"}});
  CHECK(p.facts["irqbalance"] == Json{{"running", true}, {"pid", 742}});
}

namespace {

// A minimal PCI NIC in memory: what a fixture tree cannot give (EIO, EACCES).
struct MemHost {
  MemoryHostFs fs;
  std::unique_ptr<CpuidSource> cpuid = make_snapshot_cpuid(fs);
  std::unique_ptr<EthtoolPort> ethtool = make_snapshot_ethtool(fs);
  std::unique_ptr<DeviceSource> devices = make_sysfs_device_source(fs);
  Host host{fs, *cpuid, *ethtool, *devices, false};

  MemHost() {
    const std::string n = "/sys/class/net/eth0";
    const std::string pci = "/sys/bus/pci/devices/0000:00:03.0";
    fs.add_link(n, "../../devices/pci0000:00/0000:00:03.0/net/eth0");
    fs.add_link(n + "/device", "../../../0000:00:03.0");
    fs.add_link(n + "/device/driver", "../../../bus/pci/drivers/e1000e");
    fs.add_file(n + "/mtu", "1500\n");
    fs.add_file(n + "/speed", "1000\n");
    fs.add_file(n + "/address", "00:11:22:33:44:55\n");
    fs.add_file(n + "/operstate", "up\n");
    fs.add_file(n + "/queues/rx-0/rps_cpus", "0\n");
    fs.add_file(n + "/queues/rx-0/rps_flow_cnt", "0\n");
    fs.add_file(pci + "/numa_node", "-1\n");
    fs.add_file(pci + "/msi_irqs/30", "msix\n");
    fs.add_file("/proc/interrupts", "  CPU0\n 30: 5 PCI-MSI 49152-edge eth0\n");
    fs.add_file("/proc/irq/30/smp_affinity_list", "0\n");
    fs.add_file("/.vtune/ethtool/eth0.json", R"({"features": {"rx-gro": {"active": true,
        "changeable": true}}})");
  }
};

}  // namespace

TEST_CASE("nic probe: a well-formed memory host gives no warnings") {
  MemHost m;
  Probed p = probe_host(m.host);
  CHECK(p.warnings.empty());
  const Json& eth0 = nic(p, "eth0");
  CHECK(eth0["driver"] == "e1000e");
  CHECK(eth0["speed"] == 1'000'000'000LL);
  CHECK(eth0["pci"] == "0000:00:03.0");
  CHECK(eth0["irqs"] == Json{{{"irq", 30}, {"name", "eth0"}, {"cpus", "0"}}});
  // Sections the snapshot lacks are "not supported", not unknowns worth a warning.
  CHECK(eth0["channels"] == nullptr);
  CHECK(eth0["features"] == Json{{"rx-gro", true}});
  CHECK(eth0["features_fixed"] == Json::array());
  CHECK(p.facts["irqbalance"]["running"] == false);
}

TEST_CASE("nic probe: unreadable speed, non-numeric mtu, bad address are null with a warning") {
  MemHost m;
  m.fs.add_error("/sys/class/net/eth0/speed", EIO);
  m.fs.add_file("/sys/class/net/eth0/mtu", "fifteen hundred\n");
  m.fs.add_file("/sys/class/net/eth0/address", "not-a-mac\n");
  m.fs.add_file("/sys/class/net/eth0/operstate", "sideways\n");
  m.fs.add_error("/sys/class/net/eth0/queues/rx-0/rps_cpus", EACCES);
  Probed p = probe_host(m.host);
  const Json& eth0 = nic(p, "eth0");
  CHECK(eth0["speed"] == nullptr);
  CHECK(eth0["mtu"] == nullptr);
  CHECK(eth0["mac"] == nullptr);
  CHECK(eth0["operstate"] == nullptr);
  CHECK(eth0["rps_cpus"] == Json{nullptr});
  CHECK(warned(p, "mem:/sys/class/net/eth0/speed"));
  CHECK(warned(p, "mem:/sys/class/net/eth0/mtu"));
  CHECK(warned(p, "mem:/sys/class/net/eth0/address"));
  CHECK(warned(p, "mem:/sys/class/net/eth0/operstate"));
  CHECK(warned(p, "mem:/sys/class/net/eth0/queues/rx-0/rps_cpus"));
  CHECK(eth0["driver"] == "e1000e");  // the rest still reads
}

TEST_CASE("nic probe: EINVAL from speed means a link without a rate, not a broken file") {
  MemHost m;
  m.fs.add_error("/sys/class/net/eth0/speed", EINVAL);
  Probed p = probe_host(m.host);
  CHECK(nic(p, "eth0")["speed"] == nullptr);
  CHECK(p.warnings.empty());
}

TEST_CASE("nic probe: a malformed ethtool snapshot is null with one warning naming it") {
  MemHost m;
  m.fs.add_file("/.vtune/ethtool/eth0.json", R"({"ring": {"rx": 256,)");
  Probed p = probe_host(m.host);
  const Json& eth0 = nic(p, "eth0");
  CHECK(eth0["ring"] ==
        Json{{"rx", nullptr}, {"tx", nullptr}, {"rx_max", nullptr}, {"tx_max", nullptr}});
  CHECK(eth0["coalesce"] == nullptr);
  CHECK(eth0["channels"] == nullptr);
  CHECK(eth0["features"] == nullptr);
  CHECK(eth0["features_fixed"] == nullptr);
  REQUIRE(p.warnings.items().size() == 1);
  CHECK(p.warnings.items()[0].path == "mem:/.vtune/ethtool/eth0.json");
  CHECK(p.warnings.items()[0].message.find("malformed JSON") != std::string::npos);
}

TEST_CASE("nic probe: a missing ethtool snapshot and unknown coalescing keys are warned") {
  MemHost m;
  m.fs.add_file("/.vtune/ethtool/eth0.json", R"({"coalesce": {"rx_usecs": 3, "rx_turbo": 1}})");
  Probed p = probe_host(m.host);
  CHECK(nic(p, "eth0")["coalesce"] == Json{{"rx_usecs", 3}});
  CHECK(warned(p, "mem:/.vtune/ethtool/eth0.json"));

  MemHost none;
  none.fs.add_error("/.vtune/ethtool/eth0.json", ENOENT);
  Probed q = probe_host(none.host);
  REQUIRE(q.warnings.items().size() == 1);  // one file, not four queries
  CHECK(q.warnings.items()[0].path == "mem:/.vtune/ethtool/eth0.json");
}

TEST_CASE("nic probe: truncated /proc/interrupts and missing affinity leave names null") {
  MemHost m;
  m.fs.add_file("/proc/interrupts", "  CPU0\n 30:");
  m.fs.add_error("/proc/irq/30/smp_affinity_list", EIO);
  Probed p = probe_host(m.host);
  CHECK(nic(p, "eth0")["irqs"] == Json{{{"irq", 30}, {"name", nullptr}, {"cpus", nullptr}}});
  CHECK(warned(p, "mem:/proc/irq/30/smp_affinity_list"));
}

TEST_CASE("nic sysfs: class links, speeds, addresses, queue names") {
  NetDevicePath pci =
      parse_net_class_link("../../devices/pci0000:17/0000:17:00.0/0000:18:00.0/net/eno1\n");
  CHECK_FALSE(pci.is_virtual);
  CHECK(pci.pci == "0000:18:00.0");
  NetDevicePath virtio =
      parse_net_class_link("../../devices/pci0000:00/0000:00:03.0/virtio0/net/eth0");
  CHECK(virtio.pci == "0000:00:03.0");
  NetDevicePath br = parse_net_class_link("../../devices/virtual/net/docker0");
  CHECK(br.is_virtual);
  CHECK_FALSE(br.pci);
  NetDevicePath usb =
      parse_net_class_link("../../devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/net/enx0");
  CHECK(usb.pci == "0000:00:14.0");  // the nearest PCI function above a USB NIC

  CHECK(is_pci_address("10000:e1:00.7"));
  CHECK_FALSE(is_pci_address("0000:18:00.8"));
  CHECK_FALSE(is_pci_address("pci0000:17"));
  CHECK_FALSE(is_pci_address("virtio0"));

  auto speed = [](std::string_view s) { return parse_speed_bits(s); };
  REQUIRE(speed("25000\n"));
  CHECK(*speed("25000\n") == 25'000'000'000LL);
  REQUIRE(speed("-1"));  // a number, meaning "unknown"
  CHECK_FALSE(*speed("-1"));
  REQUIRE(speed("4294967295"));
  CHECK_FALSE(*speed("4294967295"));
  CHECK_FALSE(parse_speed_bits("fast"));
  CHECK_FALSE(parse_speed_bits("99999999999999999"));

  CHECK(parse_mac("00:50:56:AB:cd:01\n") == "00:50:56:ab:cd:01");
  CHECK_FALSE(parse_mac(""));
  CHECK_FALSE(parse_mac("0.0.0.0"));
  CHECK_FALSE(parse_mac("00:5:56:ab:cd:01"));

  CHECK(is_operstate("lowerlayerdown"));
  CHECK_FALSE(is_operstate("UP"));

  CHECK(parse_queue_name("rx-12")->index == 12);
  CHECK(parse_queue_name("tx-0")->kind == 't');
  CHECK_FALSE(parse_queue_name("rx-"));
  CHECK_FALSE(parse_queue_name("rx--1"));
  CHECK_FALSE(parse_queue_name("byte_queue_limits"));
}

TEST_CASE("nic schema documents every coalescing parameter the port can report") {
  for (std::string_view name : kEthtoolCoalesceNames) {
    const FactField* f = field("nics[].coalesce." + std::string(name));
    INFO(name);
    REQUIRE(f != nullptr);
    CHECK(f->type == (name.starts_with("adaptive_") ? "bool" : "int"));
  }
}

TEST_CASE("nic probe: /sys/class/net entries that are not interfaces are skipped") {
  MemHost m;
  m.fs.add_file("/sys/class/net/bonding_masters", "bond0\n");  // the bonding driver's file
  m.fs.add_link("/sys/class/net/dot", ".");                    // a capture's stray link
  m.fs.add_link("/sys/class/net/away", "../../../tmp/x");      // not ".../net/away"
  Probed p = probe_host(m.host);
  CHECK(names(p) == std::vector<std::string>{"eth0"});
  CHECK(is_netdev_link_target("../../devices/pci0000:00/0000:00:03.0/net/eth0", "eth0"));
  CHECK(is_netdev_link_target("../../devices/virtual/net/lo", "lo"));
  CHECK_FALSE(is_netdev_link_target(".", "dot"));
  CHECK_FALSE(is_netdev_link_target("../../devices/virtual/net/other", "eth0"));
  CHECK_FALSE(is_netdev_link_target("../net/eth0", "eth0"));
}

TEST_CASE("nic probe: a directory with ifindex is an interface on sysfs without class links") {
  MemoryHostFs fs;
  fs.add_file("/sys/class/net/eth9/ifindex", "3\n");
  fs.add_file("/sys/class/net/eth9/mtu", "1500\n");
  fs.add_file("/sys/class/net/junk/readme", "x\n");
  std::unique_ptr<CpuidSource> cpuid = make_snapshot_cpuid(fs);
  std::unique_ptr<EthtoolPort> ethtool = make_snapshot_ethtool(fs);
  std::unique_ptr<DeviceSource> devices = make_sysfs_device_source(fs);
  Host host{fs, *cpuid, *ethtool, *devices, false};
  Probed p = probe_host(host);
  CHECK(names(p) == std::vector<std::string>{"eth9"});
}

TEST_CASE("nic probe: supported coalescing parameters and qdiscs from the snapshot") {
  MemHost m;
  m.fs.add_file("/.vtune/ethtool/eth0.json", R"({"coalesce": {"rx_usecs": 3},
      "coalesce_supported": ["rx_usecs", "adaptive_rx"],
      "qdisc": {"root": "mq", "children": ["pfifo_fast", "fq"]}})");
  Probed p = probe_host(m.host);
  const Json& eth0 = nic(p, "eth0");
  CHECK(eth0["coalesce_supported"] == Json::parse(R"(["rx_usecs", "adaptive_rx"])"));
  CHECK(eth0["qdisc"] == "mq");
  CHECK(eth0["qdisc_children"] == Json::parse(R"(["pfifo_fast", "fq"])"));
  check_against_schema(p);

  // A capture without them: unknown, never "all supported".
  MemHost old;
  Probed q = probe_host(old.host);
  CHECK(nic(q, "eth0")["coalesce_supported"].is_null());
  CHECK(nic(q, "eth0")["qdisc"].is_null());
  CHECK(nic(q, "eth0")["qdisc_children"].is_null());
  CHECK(q.warnings.empty());
}
