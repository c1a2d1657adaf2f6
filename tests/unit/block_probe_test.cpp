#include <doctest/doctest.h>

#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/block_parse.h"
#include "probes/probes.h"

using namespace vtune;

namespace {

struct BlockRun {
  Facts facts = Json::object();
  Warnings warnings;
};

BlockRun run_block(HostBackend& backend) {
  BlockRun run;
  ProbeOptions options;
  ProbeContext ctx(backend.host(), options, run.warnings);
  kBlockProbe.collect(ctx, run.facts);
  return run;
}

BlockRun run_block_on_host(const std::string& host) {
  HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + host);
  return run_block(backend);
}

using Strings = std::vector<std::string>;
const Strings kDeadlineFirst{"mq-deadline", "none"};
const Strings kNoneFirst{"none", "mq-deadline"};
constexpr int64_t kSector = 512;

}  // namespace

TEST_CASE("resolve_link_target follows relative sysfs links") {
  CHECK(resolve_link_target("/sys/block/sda",
                            "../devices/pci0000:00/0000:00:17.0/ata1/host0/block/sda") ==
        "/sys/devices/pci0000:00/0000:00:17.0/ata1/host0/block/sda");
  CHECK(resolve_link_target("/sys/devices/x/t/0:0:0:0/block/sda/device", "../../../0:0:0:0") ==
        "/sys/devices/x/t/0:0:0:0");
  CHECK(resolve_link_target("/sys/class/block/vda", "./../../devices//virtio1/") ==
        "/sys/devices/virtio1");
  CHECK(resolve_link_target("/sys/block/sda", "/sys/devices/sda") == "/sys/devices/sda");
  CHECK_FALSE(resolve_link_target("/sys/block/sda", "../../../../etc"));
  CHECK_FALSE(resolve_link_target("/sys/block/sda", ""));
}

TEST_CASE("PCI addresses and the controller on a device path") {
  CHECK(is_pci_address("0000:5e:00.0"));
  CHECK(is_pci_address("0000:00:1f.2"));
  CHECK_FALSE(is_pci_address("pci0000:00"));
  CHECK_FALSE(is_pci_address("0000:5e:00"));
  CHECK_FALSE(is_pci_address("0000:5e:00.8"));
  CHECK_FALSE(is_pci_address("0:0:0:0"));
  CHECK(pci_function_of("/sys/devices/pci0000:00/0000:00:15.0/0000:03:00.0/host2/target2:0:0/"
                        "2:0:0:0/block/sda") ==
        "/sys/devices/pci0000:00/0000:00:15.0/0000:03:00.0");
  CHECK(pci_function_of("/sys/devices/pci0000:00/0000:00:04.0/virtio1/block/vda") ==
        "/sys/devices/pci0000:00/0000:00:04.0");
  CHECK_FALSE(pci_function_of("/sys/devices/virtual/block/loop0"));
}

TEST_CASE("nvme controllers, unused virtual disks and scheduler files") {
  CHECK(is_nvme_controller("/sys/devices/pci0000:5d/0000:5d:00.0/0000:5e:00.0/nvme/nvme0"));
  CHECK(is_nvme_controller("/sys/devices/virtual/nvme-subsystem/nvme-subsys0"));
  CHECK_FALSE(is_nvme_controller("/sys/devices/x/nvme0n1"));
  CHECK_FALSE(is_nvme_controller("/sys/devices/x/2:0:0:0"));
  CHECK(is_unused_virtual_disk("loop0", 0));
  CHECK(is_unused_virtual_disk("zram0", 0));
  CHECK(is_unused_virtual_disk("ram15", 0));
  CHECK_FALSE(is_unused_virtual_disk("loop3", 131072));
  CHECK_FALSE(is_unused_virtual_disk("sda", 0));

  auto s = parse_scheduler("[mq-deadline] kyber bfq none\n");
  REQUIRE(s);
  CHECK(s->current == "mq-deadline");
  CHECK(s->all == Strings{"mq-deadline", "kyber", "bfq", "none"});
  auto bare = parse_scheduler("none\n");
  REQUIRE(bare);
  CHECK(bare->current == "none");
  CHECK_FALSE(parse_scheduler("mq-deadline none\n"));
  CHECK_FALSE(parse_scheduler(""));
}

TEST_CASE("block probe: vmware-guest disks on pvscsi") {
  BlockRun run = run_block_on_host("vmware-guest");
  CHECK(run.warnings.empty());
  Json& disks = run.facts["disks"];
  REQUIRE(disks.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    Json& d = disks[i];
    CAPTURE(i);
    CHECK(d["name"] == (i == 0 ? "sda" : "sdb"));
    CHECK(d["driver"] == "sd");
    CHECK(d["host_driver"] == "vmw_pvscsi");
    CHECK(d["paravirtual"] == true);
    CHECK(d["rotational"] == true);
    CHECK(d["scheduler"] == "mq-deadline");
    CHECK(d["schedulers"] == Json(kDeadlineFirst));
    CHECK(d["nr_requests"] == 256);
    CHECK(d["read_ahead_kb"] == 128);
    CHECK(d["queue_depth"] == 32);
    CHECK(d["hw_queues"] == 1);
    CHECK(d["model"] == "Virtual disk");
    CHECK(d["size"] == (i == 0 ? 83886080 : 209715200) * kSector);
    CHECK(d["nvme"] == false);
    CHECK(d["numa_node"].is_null());
    CHECK(d["pci"] == "0000:03:00.0");
  }
}

TEST_CASE("block probe: kvm-guest virtio and emulated AHCI disks") {
  BlockRun run = run_block_on_host("kvm-guest");
  CHECK(run.warnings.empty());
  Json& disks = run.facts["disks"];
  REQUIRE(disks.size() == 4);
  // LVM: a bio-based dm device, no controller, no scheduler but "none".
  Json& dm = disks[0];
  CHECK(dm["name"] == "dm-0");
  CHECK(dm["driver"].is_null());
  CHECK(dm["host_driver"].is_null());
  CHECK(dm["paravirtual"] == false);
  CHECK(dm["rotational"] == true);
  CHECK(dm["scheduler"] == "none");
  CHECK(dm["schedulers"] == Json::array({"none"}));
  CHECK(dm["hw_queues"].is_null());
  CHECK(dm["pci"].is_null());

  Json& sda = disks[1];
  CHECK(sda["name"] == "sda");
  CHECK(sda["driver"] == "sd");
  CHECK(sda["host_driver"] == "ahci");
  CHECK(sda["rotational"] == true);
  CHECK(sda["scheduler"] == "mq-deadline");
  CHECK(sda["schedulers"] == Json(kDeadlineFirst));
  CHECK(sda["nr_requests"] == 64);
  CHECK(sda["read_ahead_kb"] == 128);
  CHECK(sda["queue_depth"] == 32);
  CHECK(sda["hw_queues"] == 1);
  CHECK(sda["model"] == "QEMU HARDDISK");
  CHECK(sda["size"] == 209715200 * kSector);
  CHECK(sda["nvme"] == false);
  CHECK(sda["numa_node"].is_null());
  CHECK(sda["pci"] == "0000:00:1f.2");
  CHECK(sda["paravirtual"] == false);

  // virtio-scsi: the PCI function is bound to virtio-pci, the SCSI host's parent (the
  // virtio device) to virtio_scsi, which is the host driver a rule must see.
  Json& sdb = disks[2];
  CHECK(sdb["name"] == "sdb");
  CHECK(sdb["driver"] == "sd");
  CHECK(sdb["host_driver"] == "virtio_scsi");
  CHECK(sdb["paravirtual"] == true);
  CHECK(sdb["rotational"] == true);
  CHECK(sdb["queue_depth"] == 128);
  CHECK(sdb["pci"] == "0000:00:06.0");

  Json& vda = disks[3];
  CHECK(vda["name"] == "vda");
  CHECK(vda["driver"] == "virtio_blk");
  CHECK(vda["host_driver"] == "virtio-pci");
  CHECK(vda["rotational"] == true);
  CHECK(vda["scheduler"] == "mq-deadline");
  CHECK(vda["schedulers"] == Json(kDeadlineFirst));
  CHECK(vda["nr_requests"] == 256);
  CHECK(vda["read_ahead_kb"] == 128);
  CHECK(vda["queue_depth"].is_null());
  CHECK(vda["hw_queues"] == 1);
  CHECK(vda["model"].is_null());
  CHECK(vda["size"] == 67108864 * kSector);
  CHECK(vda["nvme"] == false);
  CHECK(vda["paravirtual"] == true);
  CHECK(vda["numa_node"].is_null());
  CHECK(vda["pci"] == "0000:00:04.0");
}

TEST_CASE("block probe: baremetal-2s NVMe on both nodes and a SATA disk") {
  BlockRun run = run_block_on_host("baremetal-2s");
  CHECK(run.warnings.empty());
  Json& disks = run.facts["disks"];
  REQUIRE(disks.size() == 4);
  // The md RAID1 over both namespaces: its queue takes no scheduler.
  Json& md = disks[0];
  CHECK(md["name"] == "md0");
  CHECK(md["driver"].is_null());
  CHECK(md["nvme"] == false);
  CHECK(md["paravirtual"] == false);
  CHECK(md["rotational"] == false);
  CHECK(md["schedulers"] == Json::array({"none"}));
  const char* pci[] = {"0000:5e:00.0", "0000:d8:00.0"};
  for (int i = 0; i < 2; ++i) {
    Json& d = disks[static_cast<size_t>(i) + 1];
    CAPTURE(i);
    CHECK(d["name"] == "nvme" + std::to_string(i) + "n1");
    CHECK(d["driver"] == "nvme");
    CHECK(d["host_driver"] == "nvme");
    CHECK(d["rotational"] == false);
    CHECK(d["scheduler"] == "none");
    CHECK(d["schedulers"] == Json(kNoneFirst));
    CHECK(d["nr_requests"] == 1023);
    CHECK(d["read_ahead_kb"] == 128);
    CHECK(d["queue_depth"].is_null());
    CHECK(d["hw_queues"] == 96);
    CHECK(d["model"] == "Dell Ent NVMe P5600 MU U.2 3.2TB");
    CHECK(d["size"] == 6251233968 * kSector);
    CHECK(d["nvme"] == true);
    CHECK(d["numa_node"] == i);
    CHECK(d["pci"] == pci[i]);
  }
  Json& sda = disks[3];
  CHECK(sda["name"] == "sda");
  CHECK(sda["driver"] == "sd");
  CHECK(sda["host_driver"] == "ahci");
  CHECK(sda["rotational"] == true);
  CHECK(sda["scheduler"] == "mq-deadline");
  CHECK(sda["schedulers"] == Json(kDeadlineFirst));
  CHECK(sda["nr_requests"] == 64);
  CHECK(sda["read_ahead_kb"] == 128);
  CHECK(sda["queue_depth"] == 32);
  CHECK(sda["hw_queues"] == 1);
  CHECK(sda["model"] == "ST4000NM002A-2HZ");
  CHECK(sda["size"] == 7814037168 * kSector);
  CHECK(sda["nvme"] == false);
  CHECK(sda["numa_node"] == 0);
  CHECK(sda["pci"] == "0000:00:17.0");
}

TEST_CASE("block probe: kvm-host and container-host have one NVMe disk") {
  struct Host {
    const char* name;
    const char* model;
    const char* pci;
  };
  for (Host h : {Host{"kvm-host", "SAMSUNG MZQL21T9HCJR-00A07", "0000:02:00.0"},
                 Host{"container-host", "Micron_7450_MTFDKCC1T9TFR", "0000:01:00.0"}}) {
    CAPTURE(h.name);
    BlockRun run = run_block_on_host(h.name);
    CHECK(run.warnings.empty());
    Json& disks = run.facts["disks"];
    REQUIRE(disks.size() == 1);
    Json& d = disks[0];
    CHECK(d["name"] == "nvme0n1");
    CHECK(d["driver"] == "nvme");
    CHECK(d["host_driver"] == "nvme");
    CHECK(d["rotational"] == false);
    CHECK(d["scheduler"] == "none");
    CHECK(d["schedulers"] == Json(kNoneFirst));
    CHECK(d["nr_requests"] == 1023);
    CHECK(d["read_ahead_kb"] == 128);
    CHECK(d["queue_depth"].is_null());
    CHECK(d["hw_queues"] == 32);
    CHECK(d["model"] == h.model);
    CHECK(d["size"] == 3750748848 * kSector);
    CHECK(d["nvme"] == true);
    CHECK(d["numa_node"] == 0);
    CHECK(d["pci"] == h.pci);
  }
}

namespace {

// A SCSI disk on a PCI HBA, laid out as sysfs does, in memory.
constexpr const char* kHba = "/sys/devices/pci0000:00/0000:00:10.0";
std::string scsi_dev() {
  return std::string(kHba) + "/host0/target0:0:0/0:0:0:0";
}
std::string sda_dir() {
  return scsi_dev() + "/block/sda";
}

std::unique_ptr<MemoryHostFs> scsi_host() {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_link("/sys/block/sda",
               "../devices/pci0000:00/0000:00:10.0/host0/target0:0:0/0:0:0:0/block/sda");
  fs->add_link(sda_dir() + "/device", "../../../0:0:0:0");
  fs->add_link(scsi_dev() + "/driver", "../../../../../../bus/scsi/drivers/sd");
  fs->add_link(std::string(kHba) + "/driver", "../../../bus/pci/drivers/mptspi");
  fs->add_file(std::string(kHba) + "/numa_node", "-1\n");
  fs->add_file(scsi_dev() + "/model", "Virtual disk    \n");
  fs->add_file(sda_dir() + "/size", "2097152\n");
  fs->add_file(sda_dir() + "/queue/rotational", "1\n");
  fs->add_file(sda_dir() + "/queue/read_ahead_kb", "128\n");
  return fs;
}

}  // namespace

TEST_CASE("block probe: bad attributes are null with a warning naming the path") {
  auto fs = scsi_host();
  fs->add_file(sda_dir() + "/queue/nr_requests", "lots\n");  // non-numeric
  fs->add_error(sda_dir() + "/queue/read_ahead_kb", EACCES);
  fs->add_file(scsi_dev() + "/queue_depth", "\n");  // empty
  // queue/scheduler is missing altogether.
  HostBackend backend("/mem", std::move(fs));
  BlockRun run = run_block(backend);

  Json& disks = run.facts["disks"];
  REQUIRE(disks.size() == 1);
  Json& d = disks[0];
  CHECK(d["name"] == "sda");
  CHECK(d["driver"] == "sd");
  CHECK(d["host_driver"] == "mptspi");
  CHECK(d["rotational"] == true);
  CHECK(d["scheduler"].is_null());
  CHECK(d["schedulers"].is_null());
  CHECK(d["nr_requests"].is_null());
  CHECK(d["read_ahead_kb"].is_null());
  CHECK(d["queue_depth"].is_null());
  CHECK(d["hw_queues"].is_null());
  CHECK(d["model"] == "Virtual disk");
  CHECK(d["size"] == 2097152 * kSector);
  CHECK(d["nvme"] == false);
  CHECK(d["numa_node"].is_null());
  CHECK(d["pci"] == "0000:00:10.0");

  Strings paths;
  for (const Warning& w : run.warnings.items()) paths.push_back(w.path);
  CHECK(paths == Strings{"mem:" + sda_dir() + "/queue/scheduler",
                         "mem:" + scsi_dev() + "/queue_depth",
                         "mem:" + sda_dir() + "/queue/nr_requests",
                         "mem:" + sda_dir() + "/queue/read_ahead_kb"});
}

TEST_CASE("block probe: idle loop and zram devices are not disks") {
  auto fs = scsi_host();
  fs->add_file(sda_dir() + "/queue/scheduler", "none\n");
  fs->add_file(sda_dir() + "/queue/nr_requests", "64\n");
  for (const char* name : {"loop0", "loop1", "zram0"}) {
    std::string dir = std::string("/sys/devices/virtual/block/") + name;
    fs->add_link(std::string("/sys/block/") + name,
                 std::string("../devices/virtual/block/") + name);
    fs->add_file(dir + "/size", name == std::string("loop1") ? "204800\n" : "0\n");
    fs->add_file(dir + "/queue/rotational", "0\n");
    fs->add_file(dir + "/queue/scheduler", "none\n");
    fs->add_file(dir + "/queue/nr_requests", "128\n");
    fs->add_file(dir + "/queue/read_ahead_kb", "128\n");
  }
  HostBackend backend("/mem", std::move(fs));
  BlockRun run = run_block(backend);
  CHECK(run.warnings.empty());
  Json& disks = run.facts["disks"];
  REQUIRE(disks.size() == 2);
  CHECK(disks[0]["name"] == "loop1");  // attached: it holds data, so it is reported
  CHECK(disks[0]["driver"].is_null());
  CHECK(disks[0]["host_driver"].is_null());
  CHECK(disks[0]["pci"].is_null());
  CHECK(disks[0]["scheduler"] == "none");
  CHECK(disks[0]["size"] == 204800 * kSector);
  CHECK(disks[1]["name"] == "sda");
  CHECK(disks[1]["scheduler"] == "none");
  CHECK(disks[1]["schedulers"] == Json(Strings{"none"}));
}

TEST_CASE("scsi_host_of and is_paravirtual") {
  CHECK(scsi_host_of("/sys/devices/pci0000:00/0000:00:06.0/virtio2/host1/target1:0:0/1:0:0:0") ==
        "/sys/devices/pci0000:00/0000:00:06.0/virtio2/host1");
  CHECK(!scsi_host_of("/sys/devices/pci0000:00/0000:00:04.0/virtio1"));
  CHECK(!scsi_host_of("/sys/devices/pci0000:00/0000:00:01.0/hostbridge"));
  CHECK(is_paravirtual("virtio_blk", "virtio-pci"));
  CHECK(is_paravirtual("vbd", ""));
  CHECK(is_paravirtual("sd", "virtio_scsi"));
  CHECK(is_paravirtual("sd", "hv_storvsc"));
  CHECK(!is_paravirtual("sd", "ahci"));
  CHECK(!is_paravirtual("sd", "virtio-pci"));
}

TEST_CASE("block probe: Hyper-V storvsc on VMBus, and proc_name when no parent has a driver") {
  const std::string vmbus = "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0004:00/VMBUS:00";
  const std::string guid = vmbus + "/f8b3781b-1e82-4818-a1c3-63d806ec15bb";
  auto fs = std::make_unique<MemoryHostFs>();
  for (const char* name : {"sda", "sdb"}) {
    bool hv = name == std::string("sda");
    std::string host = hv ? guid + "/host0" : "/sys/devices/platform/host5";
    std::string hctl = hv ? "0:0:0:0" : "5:0:0:0";
    std::string dev = host + "/target" + hctl.substr(0, hctl.size() - 2) + "/" + hctl;
    std::string blk = dev + "/block/" + name;
    fs->add_link(std::string("/sys/block/") + name, "../.." + blk);
    fs->add_link(blk + "/device", "../../../" + hctl);
    fs->add_link(dev + "/driver", "/sys/bus/scsi/drivers/sd");
    fs->add_file(blk + "/size", "2097152\n");
    fs->add_file(blk + "/queue/rotational", "1\n");
    fs->add_file(blk + "/queue/scheduler", "[mq-deadline] none\n");
    fs->add_file(blk + "/queue/nr_requests", "256\n");
    fs->add_file(blk + "/queue/read_ahead_kb", "128\n");
    std::string n = hv ? "host0" : "host5";
    fs->add_file(host + "/scsi_host/" + n + "/proc_name",
                 hv ? "storvsc_host_t\n" : "usb-storage\n");
  }
  fs->add_link(guid + "/driver", "/sys/bus/vmbus/drivers/hv_storvsc");
  HostBackend backend("/mem", std::move(fs));
  BlockRun run = run_block(backend);
  Json& disks = run.facts["disks"];
  REQUIRE(disks.size() == 2);
  CHECK(disks[0]["host_driver"] == "hv_storvsc");
  CHECK(disks[0]["paravirtual"] == true);
  CHECK(disks[0]["pci"].is_null());
  CHECK(disks[1]["host_driver"] == "usb-storage");
  CHECK(disks[1]["paravirtual"] == false);
}
