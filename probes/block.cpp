// The block probe: every whole disk, its queue settings, and the controller it hangs off.
// Attributes are read from the device's real sysfs directory (the /sys/block link resolved
// once), so the probe behaves the same on a live host, a snapshot and an in-memory tree.
#include <algorithm>

#include "probes/block_parse.h"
#include "probes/probes.h"

namespace vtune {
namespace {

constexpr std::string_view kBlockDir = "/sys/block";

constexpr FactField kBlockSchema[] = {
    {"disks", "list<map>",
     "Whole disks, sorted by name; loop, ram and zram devices of size 0 are left out",
     "/sys/block/<name>"},
    {"disks[].name", "string", "Kernel name (\"nvme0n1\", \"sda\", \"vda\")", "/sys/block/<name>"},
    {"disks[].driver", "string",
     "Block driver: the device's driver (\"sd\", \"virtio_blk\"), or \"nvme\" for an NVMe "
     "namespace",
     "/sys/block/<name>/device/driver"},
    {"disks[].host_driver", "string",
     "Driver of the adapter the disk hangs off: for a SCSI disk the SCSI host's driver "
     "(\"vmw_pvscsi\", \"virtio_scsi\", \"ahci\", \"hv_storvsc\"), the nearest device above "
     "hostN with a driver, else scsi_host/hostN/proc_name; otherwise the PCI function's "
     "(\"nvme\", \"virtio-pci\" under virtio_blk); null without one",
     "<hostN parent>/driver, scsi_host/hostN/proc_name, <PCI function>/driver"},
    {"disks[].paravirtual", "bool",
     "A paravirtual disk (driver virtio_blk or xen-blkfront's vbd; host_driver virtio_scsi, "
     "vmw_pvscsi or hv_storvsc): the hypervisor schedules its I/O, whatever rotational says",
     "driver, host_driver"},
    {"disks[].rotational", "bool", "The kernel treats it as a spinning disk",
     "/sys/block/<name>/queue/rotational"},
    {"disks[].scheduler", "string", "Current I/O scheduler", "/sys/block/<name>/queue/scheduler"},
    {"disks[].schedulers", "list<string>", "I/O schedulers the queue can use",
     "/sys/block/<name>/queue/scheduler"},
    {"disks[].nr_requests", "int", "Request queue size", "/sys/block/<name>/queue/nr_requests"},
    {"disks[].read_ahead_kb", "int", "Read-ahead in KiB", "/sys/block/<name>/queue/read_ahead_kb"},
    {"disks[].queue_depth", "int", "SCSI device queue depth; null for non-SCSI disks",
     "/sys/block/<name>/device/queue_depth"},
    {"disks[].hw_queues", "int", "Hardware (blk-mq) queues; null without an mq directory",
     "/sys/block/<name>/mq"},
    {"disks[].model", "string", "Device model, trimmed; null when the device reports none",
     "/sys/block/<name>/device/model"},
    {"disks[].size", "size", "Capacity (512-byte sectors times 512)", "/sys/block/<name>/size"},
    {"disks[].nvme", "bool", "An NVMe namespace", "/sys/block/<name>/device"},
    {"disks[].numa_node", "int", "NUMA node of the controller; null when unknown (-1)",
     "<PCI function>/numa_node"},
    {"disks[].pci", "string", "PCI address of the controller (\"0000:5e:00.0\")",
     "/sys/bus/pci/devices/<address>"},
};

// An attribute every block queue has: missing, unreadable or non-numeric is a warning.
std::optional<int64_t> required_int(const ProbeContext& ctx, const std::string& path) {
  std::optional<std::string> text = ctx.read_required(path);
  if (!text) return std::nullopt;
  std::optional<int64_t> v = parse_int(*text);
  if (!v) ctx.warn(path, "not an integer: '" + std::string(trim(*text)).substr(0, 40) + "'");
  return v;
}

// The directory a sysfs link points to; the path itself when it is a plain directory.
std::optional<std::string> real_dir(const ProbeContext& ctx, const std::string& path) {
  Result<std::string> target = ctx.host.fs.read_link(path);
  if (!target) return ctx.host.fs.exists(path) ? std::optional<std::string>(path) : std::nullopt;
  std::optional<std::string> dir = resolve_link_target(path, *target);
  if (!dir) ctx.warn(path, "link target leaves the root: " + *target);
  return dir;
}

Facts rotational(const ProbeContext& ctx, const std::string& path) {
  std::optional<int64_t> v = required_int(ctx, path);
  if (!v) return nullptr;
  if (*v != 0 && *v != 1) {
    ctx.warn(path, "expected 0 or 1, got " + std::to_string(*v));
    return nullptr;
  }
  return *v == 1;
}

Facts hw_queues(const ProbeContext& ctx, const std::string& path) {
  Result<std::vector<DirEntry>> entries = ctx.host.fs.list_dir(path);
  if (!entries) {
    if (entries.error().err != ENOENT) ctx.warn(path, entries.error().message());
    return nullptr;
  }
  return std::count_if(entries->begin(), entries->end(),
                       [](const DirEntry& e) { return parse_uint(e.name).has_value(); });
}

Facts model(const ProbeContext& ctx, const std::string& path) {
  std::optional<std::string> word = ctx.read_word(path);
  if (!word || word->empty()) return nullptr;
  return *word;
}

Facts numa_node(const ProbeContext& ctx, const std::string& path) {
  std::optional<int64_t> node = ctx.read_int(path);
  if (!node || *node < 0) return nullptr;  // -1: firmware did not say
  return *node;
}

// The driver of a SCSI host adapter: the nearest device above hostN bound to a driver
// (virtio_scsi on the virtio device, vmw_pvscsi or ahci on the PCI function, hv_storvsc
// on the VMBus device), else the host template's name in scsi_host/hostN/proc_name.
std::optional<std::string> scsi_host_driver(const ProbeContext& ctx, const std::string& host) {
  std::string dir = host;
  for (size_t slash = dir.rfind('/'); slash != std::string::npos && slash > 0;
       slash = dir.rfind('/')) {
    dir.resize(slash);
    if (dir == "/sys/devices") break;
    if (std::optional<std::string> d = ctx.link_basename(dir + "/driver")) return d;
  }
  std::string name = host.substr(host.rfind('/') + 1);
  return ctx.read_word(host + "/scsi_host/" + name + "/proc_name");
}

// One disk's facts, or nullopt for a device that is not a disk worth reporting.
std::optional<Facts> disk_facts(const ProbeContext& ctx, const std::string& name) {
  std::string link = std::string(kBlockDir) + "/" + name;
  std::optional<std::string> dev = real_dir(ctx, link);
  if (!dev) return std::nullopt;
  std::optional<int64_t> sectors = required_int(ctx, *dev + "/size");
  if (sectors && *sectors >= 0 && is_unused_virtual_disk(name, static_cast<uint64_t>(*sectors)))
    return std::nullopt;

  std::optional<std::string> device = real_dir(ctx, *dev + "/device");
  Facts driver = nullptr;
  if (device) {
    if (std::optional<std::string> d = ctx.link_basename(*device + "/driver"))
      driver = *d;
    else if (is_nvme_controller(*device))
      driver = "nvme";
  }
  std::optional<std::string> pci = pci_function_of(*dev);
  Facts host_driver = nullptr;
  if (std::optional<std::string> host = device ? scsi_host_of(*device) : std::nullopt) {
    host_driver = or_null(scsi_host_driver(ctx, *host));
  } else if (pci) {
    if (std::optional<std::string> d = ctx.link_basename(*pci + "/driver")) host_driver = *d;
  }

  Facts scheduler = nullptr, schedulers = nullptr;
  std::string sched_path = *dev + "/queue/scheduler";
  if (std::optional<std::string> text = ctx.read_required(sched_path)) {
    if (std::optional<BracketChoice> c = parse_scheduler(*text)) {
      scheduler = c->current;
      schedulers = c->all;
    } else {
      ctx.warn(sched_path,
               "no [current] scheduler in '" + std::string(trim(*text)).substr(0, 60) + "'");
    }
  }

  Facts size = nullptr;
  if (sectors && *sectors >= 0 && *sectors <= INT64_MAX / 512)
    size = *sectors * 512;
  else if (sectors)
    ctx.warn(*dev + "/size", "sector count out of range");

  std::optional<int64_t> depth =
      device ? ctx.read_int(*device + "/queue_depth") : std::optional<int64_t>();
  return Facts{
      {"name", name},
      {"driver", driver},
      {"host_driver", host_driver},
      {"rotational", rotational(ctx, *dev + "/queue/rotational")},
      {"scheduler", scheduler},
      {"schedulers", schedulers},
      {"nr_requests", or_null(required_int(ctx, *dev + "/queue/nr_requests"))},
      {"read_ahead_kb", or_null(required_int(ctx, *dev + "/queue/read_ahead_kb"))},
      {"queue_depth", or_null(depth)},
      {"hw_queues", hw_queues(ctx, *dev + "/mq")},
      {"model", device ? model(ctx, *device + "/model") : Facts(nullptr)},
      {"size", size},
      {"nvme", driver == "nvme"},
      {"paravirtual",
       is_paravirtual(driver.is_string() ? driver.get<std::string>() : "",
                      host_driver.is_string() ? host_driver.get<std::string>() : "")},
      {"numa_node", pci ? numa_node(ctx, *pci + "/numa_node") : Facts(nullptr)},
      {"pci", pci ? Facts(pci->substr(pci->rfind('/') + 1)) : Facts(nullptr)},
  };
}

void collect_block(const ProbeContext& ctx, Facts& facts) {
  Facts disks = Facts::array();
  Result<std::vector<DirEntry>> entries = ctx.host.fs.list_dir(kBlockDir);
  if (!entries) {
    ctx.warn(kBlockDir, entries.error().message());
  } else {
    // list_dir sorts by name, which is the order the facts promise.
    for (const DirEntry& e : *entries)
      if (std::optional<Facts> disk = disk_facts(ctx, e.name)) disks.push_back(std::move(*disk));
  }
  facts["disks"] = std::move(disks);
}

}  // namespace

const Probe kBlockProbe{"block", "Disks: driver, controller, queue and scheduler settings",
                        kBlockSchema, collect_block};

}  // namespace vtune
