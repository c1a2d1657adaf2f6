// The nic probe: network interfaces (sysfs), their queue IRQs (/proc/interrupts,
// /proc/irq), their ethtool state (the ethtool port) and whether irqbalance runs.
#include <algorithm>
#include <cerrno>
#include <mutex>
#include <set>

#include "engine/core/parallel_for.h"
#include "engine/core/processes.h"
#include "engine/core/text.h"
#include "engine/facts/unreadable.h"
#include "probes/interrupts.h"
#include "probes/nic_ethtool.h"
#include "probes/nic_sysfs.h"
#include "probes/probes.h"

namespace vtune {
namespace {

constexpr char kSys[] = "sysfs /sys/class/net/<if>/";
constexpr char kPci[] = "sysfs /sys/bus/pci/devices/<pci>/";
constexpr char kEth[] = "ethtool (SIOCETHTOOL; .vtune/ethtool/<if>.json under --root)";

constexpr FactField kNicSchema[] = {
    {"nics", "list<map>",
     "Network interfaces except lo, sorted by name; null (and listed in `unreadable`) when "
     "/sys/class/net could not be read",
     "/sys/class/net"},
    {"unreadable", "map<string,string>",
     "Fact roots whose listing could not be read, with the reason (e.g. {\"nics\": \"open "
     "/sys/class/net: Permission denied\"}); rules that read them give `unknown` plan items. "
     "Absent when everything could be listed",
     "vtune"},
    {"nics[].name", "string", "Kernel interface name", "/sys/class/net"},
    {"nics[].driver", "string", "Kernel driver bound to the device; null for virtual interfaces",
     "/sys/class/net/<if>/device/driver link"},
    {"nics[].speed", "rate", "Link speed; null when the link does not report one (down, virtio)",
     "/sys/class/net/<if>/speed (Mb/s)"},
    {"nics[].mtu", "int", "MTU in bytes", "/sys/class/net/<if>/mtu"},
    {"nics[].virtual", "bool", "No device behind it (bridge, veth, tunnel)",
     "/sys/class/net/<if> link target under devices/virtual, or no device link"},
    {"nics[].numa_node", "int", "NUMA node of the PCI function; null when the platform says -1",
     "/sys/bus/pci/devices/<pci>/numa_node"},
    {"nics[].pci", "string", "PCI address of the function behind it (the parent of virtioN)",
     "/sys/class/net/<if> link target"},
    {"nics[].mac", "string", "Hardware address, lower case", "/sys/class/net/<if>/address"},
    {"nics[].operstate", "enum:unknown|notpresent|down|lowerlayerdown|testing|dormant|up",
     "RFC 2863 operational state", "/sys/class/net/<if>/operstate"},
    {"nics[].sriov", "map", "SR-IOV capability; both null when the device has none", kPci},
    {"nics[].sriov.total_vfs", "int", "Virtual functions the device supports",
     "/sys/bus/pci/devices/<pci>/sriov_totalvfs"},
    {"nics[].sriov.num_vfs", "int", "Virtual functions enabled",
     "/sys/bus/pci/devices/<pci>/sriov_numvfs"},
    {"nics[].queues", "map", "Queues the kernel uses", "/sys/class/net/<if>/queues"},
    {"nics[].queues.rx", "int", "Receive queues (rx-N directories)", kSys},
    {"nics[].queues.tx", "int", "Transmit queues (tx-N directories)", kSys},
    {"nics[].rps_cpus", "list<string>", "RPS CPU mask (kernel hex bitmap) of each rx queue",
     "/sys/class/net/<if>/queues/rx-N/rps_cpus"},
    {"nics[].rps_flow_cnt", "list<int>", "RFS flow table size of each rx queue",
     "/sys/class/net/<if>/queues/rx-N/rps_flow_cnt"},
    {"nics[].xps_cpus", "list<string>",
     "XPS CPU mask of each tx queue; null where the kernel offers none (single-queue devices)",
     "/sys/class/net/<if>/queues/tx-N/xps_cpus"},
    {"nics[].irqs", "list<map>",
     "IRQs of the device's MSI/MSI-X vectors (or its legacy line), ascending",
     "/sys/bus/pci/devices/<pci>/msi_irqs, /proc/interrupts"},
    {"nics[].irqs[].irq", "int", "IRQ number", "/sys/bus/pci/devices/<pci>/msi_irqs/<n>"},
    {"nics[].irqs[].name", "string", "Action name, e.g. eno1-TxRx-0; null when not requested",
     "/proc/interrupts"},
    {"nics[].irqs[].cpus", "string", "CPUs the IRQ may run on, as a cpulist",
     "/proc/irq/<n>/smp_affinity_list"},
    {"nics[].ring", "map", "Descriptor ring sizes; all null when ethtool cannot tell", kEth},
    {"nics[].ring.rx", "int", "RX ring entries", kEth},
    {"nics[].ring.tx", "int", "TX ring entries", kEth},
    {"nics[].ring.rx_max", "int", "Largest RX ring the device allows", kEth},
    {"nics[].ring.tx_max", "int", "Largest TX ring the device allows", kEth},
    {"nics[].coalesce", "map",
     "Interrupt coalescing as the driver reports it; null when unsupported. Keys the driver "
     "does not report are absent",
     kEth},
    {"nics[].coalesce.rx_usecs", "int", "rx-usecs", kEth},
    {"nics[].coalesce.rx_max_frames", "int", "rx-frames", kEth},
    {"nics[].coalesce.rx_usecs_irq", "int", "rx-usecs-irq", kEth},
    {"nics[].coalesce.rx_max_frames_irq", "int", "rx-frames-irq", kEth},
    {"nics[].coalesce.tx_usecs", "int", "tx-usecs", kEth},
    {"nics[].coalesce.tx_max_frames", "int", "tx-frames", kEth},
    {"nics[].coalesce.tx_usecs_irq", "int", "tx-usecs-irq", kEth},
    {"nics[].coalesce.tx_max_frames_irq", "int", "tx-frames-irq", kEth},
    {"nics[].coalesce.stats_block_usecs", "int", "stats-block-usecs", kEth},
    {"nics[].coalesce.adaptive_rx", "bool", "adaptive-rx", kEth},
    {"nics[].coalesce.adaptive_tx", "bool", "adaptive-tx", kEth},
    {"nics[].coalesce.pkt_rate_low", "int", "pkt-rate-low", kEth},
    {"nics[].coalesce.rx_usecs_low", "int", "rx-usecs-low", kEth},
    {"nics[].coalesce.rx_max_frames_low", "int", "rx-frames-low", kEth},
    {"nics[].coalesce.tx_usecs_low", "int", "tx-usecs-low", kEth},
    {"nics[].coalesce.tx_max_frames_low", "int", "tx-frames-low", kEth},
    {"nics[].coalesce.pkt_rate_high", "int", "pkt-rate-high", kEth},
    {"nics[].coalesce.rx_usecs_high", "int", "rx-usecs-high", kEth},
    {"nics[].coalesce.rx_max_frames_high", "int", "rx-frames-high", kEth},
    {"nics[].coalesce.tx_usecs_high", "int", "tx-usecs-high", kEth},
    {"nics[].coalesce.tx_max_frames_high", "int", "tx-frames-high", kEth},
    {"nics[].coalesce.sample_interval", "int", "sample-interval", kEth},
    {"nics[].coalesce_supported", "list<string>",
     "Coalescing parameters the driver supports (names as in nics[].coalesce, struct order): "
     "the attributes ethtool netlink's COALESCE_GET returns, since the ioctl fills every field "
     "and a set of an unsupported one fails (EOPNOTSUPP since Linux 5.7); empty when the "
     "driver has no coalescing; null when unknown (no ethtool netlink, before 5.6, or a "
     "snapshot without it)",
     "ethtool netlink ETHTOOL_MSG_COALESCE_GET; \"coalesce_supported\" in "
     ".vtune/ethtool/<if>.json under --root"},
    {"nics[].qdisc", "string",
     "Kind of the interface's root queueing discipline (\"mq\", \"fq\", \"pfifo_fast\", "
     "\"noqueue\"); net.core.default_qdisc changes only qdiscs created later; null when unknown, "
     "and for an interface that is down (only the kernel's built-in noop, which is not dumped)",
     "rtnetlink RTM_GETQDISC (tc qdisc show); \"qdisc\" in .vtune/ethtool/<if>.json under --root"},
    {"nics[].qdisc_children", "list<string>",
     "Kinds of the root qdisc's children, in class order: the per-queue qdiscs of an mq root; "
     "empty for a classless root; null when unknown",
     "rtnetlink RTM_GETQDISC; .vtune/ethtool/<if>.json under --root"},
    {"nics[].channels", "map", "Queue (channel) counts and maxima; null when unsupported", kEth},
    {"nics[].channels.rx", "int", "RX-only channels", kEth},
    {"nics[].channels.tx", "int", "TX-only channels", kEth},
    {"nics[].channels.other", "int", "Other (link, mailbox) channels", kEth},
    {"nics[].channels.combined", "int", "Combined RX/TX channels", kEth},
    {"nics[].channels.rx_max", "int", "Most RX-only channels allowed", kEth},
    {"nics[].channels.tx_max", "int", "Most TX-only channels allowed", kEth},
    {"nics[].channels.other_max", "int", "Most other channels allowed", kEth},
    {"nics[].channels.combined_max", "int", "Most combined channels allowed", kEth},
    {"nics[].features", "map<string,bool>",
     "Offload features by kernel name (rx-gro, tx-tcp-segmentation, ...): on or off; null "
     "when unknown",
     kEth},
    {"nics[].features_fixed", "list<string>",
     "Features the driver will not toggle (ethtool's [fixed]); null when unknown", kEth},
    {"irqbalance", "map", "The irqbalance daemon, which moves IRQs between CPUs", "/proc"},
    {"irqbalance.running", "bool", "A process named irqbalance exists", "/proc/<pid>/comm"},
    {"irqbalance.pid", "int", "Its process id; null when not running", "/proc/<pid>"},
};

// /proc/interrupts is read at most once per run, and only if some NIC has IRQs.
// Read on first use, so a host whose NICs have no IRQs is not warned about it; NICs are
// probed on several threads, hence the once_flag.
class InterruptTable {
 public:
  explicit InterruptTable(const ProbeContext& ctx) : ctx_(ctx) {}
  const InterruptLine* find(int irq) {
    std::call_once(loaded_, [this] { load(); });
    return find_irq(table_, irq);
  }

 private:
  void load() {
    std::optional<std::string> text = ctx_.read_required("/proc/interrupts");
    if (!text) return;
    table_ = parse_interrupts(*text);
    if (table_.malformed > 0)
      ctx_.warn("/proc/interrupts", std::to_string(table_.malformed) + " unreadable IRQ lines");
  }
  const ProbeContext& ctx_;
  std::once_flag loaded_;
  Interrupts table_;
};

// Speed is special: the kernel answers EINVAL when the link is down or the driver has no
// link settings, which means "no speed", not a broken file.
Facts read_speed(const ProbeContext& ctx, const std::string& path) {
  Result<std::string> text = ctx.host.fs.read_file(path);
  if (!text) {
    if (text.error().err != ENOENT && text.error().err != EINVAL)
      ctx.warn(path, text.error().message());
    return nullptr;
  }
  std::optional<std::optional<int64_t>> bits = parse_speed_bits(*text);
  if (!bits) {
    ctx.warn(path, "not a speed in Mb/s: '" + std::string(trim(*text)).substr(0, 40) + "'");
    return nullptr;
  }
  return or_null(*bits);
}

Facts read_checked(const ProbeContext& ctx, const std::string& path,
                   std::optional<std::string> (*parse)(std::string_view), const char* expected) {
  std::optional<std::string> word = ctx.read_word(path);
  if (!word || word->empty()) return nullptr;
  std::optional<std::string> v = parse(*word);
  if (!v) ctx.warn(path, std::string("not ") + expected + ": '" + word->substr(0, 40) + "'");
  return or_null(v);
}

std::optional<std::string> as_operstate(std::string_view s) {
  return is_operstate(s) ? std::optional<std::string>(s) : std::nullopt;
}

// Where the interface sits: a PCI function, some other bus, or nothing (virtual).
NetDevicePath locate(const ProbeContext& ctx, const std::string& base) {
  Result<std::string> target = ctx.host.fs.read_link(base);
  NetDevicePath where;
  if (target) where = parse_net_class_link(*target);
  bool has_device = ctx.host.fs.exists(base + "/device");
  if (!has_device) where.is_virtual = true;
  // Sysfs without class links (old kernels, some captures): the device link names the
  // PCI function directly for ordinary PCI NICs.
  if (!where.pci && has_device) {
    std::optional<std::string> dev = ctx.link_basename(base + "/device");
    if (dev && is_pci_address(*dev)) where.pci = dev;
  }
  if (where.is_virtual) where.pci.reset();
  return where;
}

Facts read_nonnegative(const ProbeContext& ctx, const std::string& path) {
  std::optional<int64_t> v = ctx.read_int(path);
  if (v && *v < 0) return nullptr;  // -1: the platform does not say (numa_node)
  return or_null(v);
}

Facts sriov_facts(const ProbeContext& ctx, const std::optional<std::string>& pci) {
  Facts out{{"total_vfs", nullptr}, {"num_vfs", nullptr}};
  if (!pci) return out;
  std::string dir = "/sys/bus/pci/devices/" + *pci;
  std::optional<int64_t> total = ctx.read_int(dir + "/sriov_totalvfs");
  if (!total) return out;
  out["total_vfs"] = *total;
  out["num_vfs"] = or_null(ctx.read_int(dir + "/sriov_numvfs"));
  return out;
}

void queue_facts(const ProbeContext& ctx, const std::string& base, Facts& nic) {
  std::vector<int> rx, tx;
  std::string qdir = base + "/queues";
  Result<std::vector<DirEntry>> entries = ctx.host.fs.list_dir(qdir);
  if (!entries && entries.error().err != ENOENT) ctx.warn(qdir, entries.error().message());
  if (entries) {
    for (const DirEntry& e : *entries)
      if (std::optional<QueueName> q = parse_queue_name(e.name))
        (q->kind == 'r' ? rx : tx).push_back(q->index);
  }
  std::sort(rx.begin(), rx.end());
  std::sort(tx.begin(), tx.end());
  nic["queues"] = entries ? Facts{{"rx", rx.size()}, {"tx", tx.size()}}
                          : Facts{{"rx", nullptr}, {"tx", nullptr}};
  Facts rps = Facts::array(), flows = Facts::array(), xps = Facts::array();
  for (int i : rx) {
    std::string q = qdir + "/rx-" + std::to_string(i);
    rps.push_back(or_null(ctx.read_word(q + "/rps_cpus")));
    flows.push_back(or_null(ctx.read_int(q + "/rps_flow_cnt")));
  }
  // Single-queue devices have no xps_cpus file: null, silently.
  for (int i : tx)
    xps.push_back(or_null(ctx.read_word(qdir + "/tx-" + std::to_string(i) + "/xps_cpus")));
  nic["rps_cpus"] = std::move(rps);
  nic["rps_flow_cnt"] = std::move(flows);
  nic["xps_cpus"] = std::move(xps);
}

// The device's interrupt vectors: MSI/MSI-X from msi_irqs, else its legacy INTx line.
std::vector<int> device_irqs(const ProbeContext& ctx, const std::string& pci_dir) {
  std::vector<int> irqs;
  Result<std::vector<DirEntry>> msi = ctx.host.fs.list_dir(pci_dir + "/msi_irqs");
  if (msi) {
    for (const DirEntry& e : *msi)
      if (std::optional<int64_t> n = parse_int(e.name); n && *n > 0 && *n <= INT32_MAX)
        irqs.push_back(static_cast<int>(*n));
  } else if (msi.error().err != ENOENT) {
    ctx.warn(pci_dir + "/msi_irqs", msi.error().message());
  }
  if (irqs.empty()) {
    std::optional<int64_t> line = ctx.read_int(pci_dir + "/irq");
    if (line && *line > 0 && *line <= INT32_MAX) irqs.push_back(static_cast<int>(*line));
  }
  std::sort(irqs.begin(), irqs.end());
  return irqs;
}

Facts irq_facts(const ProbeContext& ctx, const std::optional<std::string>& pci,
                InterruptTable& interrupts) {
  Facts out = Facts::array();
  if (!pci) return out;
  for (int irq : device_irqs(ctx, "/sys/bus/pci/devices/" + *pci)) {
    const InterruptLine* line = interrupts.find(irq);
    std::string affinity = "/proc/irq/" + std::to_string(irq) + "/smp_affinity_list";
    out.push_back({{"irq", irq},
                   {"name", line && !line->name.empty() ? Facts(line->name) : Facts(nullptr)},
                   {"cpus", or_null(ctx.read_word(affinity))}});
  }
  return out;
}

void ethtool_facts(const ProbeContext& ctx, const std::string& ifname, Facts& nic) {
  const EthtoolPort& port = ctx.host.ethtool;
  // Live, the failure concerns the interface; under --root, the snapshot file.
  std::string where =
      ctx.host.live ? "/sys/class/net/" + ifname : "/.vtune/ethtool/" + ifname + ".json";
  std::set<std::string> said;  // one missing or broken snapshot file fails all four queries
  auto note = [&](const SysError& e) {
    if (ethtool_failure_is_unknown(e) && said.insert(e.message()).second)
      ctx.warn(where, e.message());
  };
  Result<EthtoolRing> ring = port.ring(ifname);
  Result<EthtoolCoalesce> coalesce = port.coalesce(ifname);
  Result<EthtoolChannels> channels = port.channels(ifname);
  Result<EthtoolFeatures> features = port.features(ifname);
  if (!ring) note(ring.error());
  if (!coalesce) note(coalesce.error());
  if (!channels) note(channels.error());
  if (!features) note(features.error());

  std::vector<std::string> unknown;
  nic["ring"] = ring_facts(ring);
  nic["coalesce"] = coalesce_facts(coalesce, unknown);
  for (const std::string& name : unknown)
    ctx.warn(where, "unknown coalescing parameter '" + name + "' left out");
  Result<std::vector<std::string>> supported = port.coalesce_supported(ifname);
  nic["coalesce_supported"] = supported ? Facts(*supported) : Facts(nullptr);
  Result<QdiscState> qdisc = port.qdisc(ifname);
  nic["qdisc"] = qdisc ? Facts(qdisc->root) : Facts(nullptr);
  nic["qdisc_children"] = qdisc ? Facts(qdisc->children) : Facts(nullptr);
  nic["channels"] = channels_facts(channels);
  FeatureFacts f = feature_facts(features);
  nic["features"] = std::move(f.active);
  nic["features_fixed"] = std::move(f.fixed);
}

Facts nic_facts(const ProbeContext& ctx, const std::string& name, InterruptTable& interrupts) {
  std::string base = "/sys/class/net/" + name;
  NetDevicePath where = locate(ctx, base);
  Facts nic = Facts::object();
  nic["name"] = name;
  nic["driver"] =
      where.is_virtual ? Facts(nullptr) : or_null(ctx.link_basename(base + "/device/driver"));
  nic["speed"] = read_speed(ctx, base + "/speed");
  nic["mtu"] = or_null(ctx.read_int(base + "/mtu"));
  nic["virtual"] = where.is_virtual;
  nic["numa_node"] =
      where.pci ? read_nonnegative(ctx, "/sys/bus/pci/devices/" + *where.pci + "/numa_node")
                : Facts(nullptr);
  nic["pci"] = or_null(where.pci);
  nic["mac"] = read_checked(ctx, base + "/address", parse_mac, "a MAC address");
  nic["operstate"] = read_checked(ctx, base + "/operstate", as_operstate, "an operstate");
  nic["sriov"] = sriov_facts(ctx, where.pci);
  queue_facts(ctx, base, nic);
  nic["irqs"] = irq_facts(ctx, where.pci, interrupts);
  ethtool_facts(ctx, name, nic);
  return nic;
}

Facts irqbalance_facts(const ProbeContext& ctx) {
  Result<std::vector<DirEntry>> proc = ctx.host.fs.list_dir("/proc");
  if (!proc) {
    ctx.warn("/proc", proc.error().message());
    return {{"running", nullptr}, {"pid", nullptr}};
  }
  std::vector<ProcessInfo> found = find_processes(ctx.host.fs, "irqbalance");
  if (found.empty()) return {{"running", false}, {"pid", nullptr}};
  auto lowest = std::min_element(found.begin(), found.end(),
                                 [](const auto& a, const auto& b) { return a.pid < b.pid; });
  return {{"running", true}, {"pid", lowest->pid}};
}

// /sys/class/net also holds entries that are not interfaces: the bonding driver's
// bonding_masters file, and in captures or containers links to "." or outside the tree.
// A real interface is a link to its device's ".../net/<if>" directory, or, on sysfs
// without class links, a directory with the ifindex attribute every netdev has.
bool is_network_device(const ProbeContext& ctx, const std::string& name) {
  std::string base = "/sys/class/net/" + name;
  Result<std::string> target = ctx.host.fs.read_link(base);
  if (target) return is_netdev_link_target(*target, name);
  return ctx.host.fs.exists(base + "/ifindex");
}

// A NIC is a few hundred sysfs reads (64 queues: 192 files); hosts with dozens of NICs
// are read on a few threads. Each NIC keeps its own facts and warnings, joined in name
// order, so the output is the same as a sequential run's.
constexpr size_t kNicsPerThread = 8;

void collect_nic(const ProbeContext& ctx, Facts& facts) {
  Result<std::vector<std::string>> listed = ctx.host.devices.list_checked("net");
  if (!listed) {  // unknown, not empty: NIC rules become `unknown` items, not not-applicable
    ctx.warn("/sys/class/net", listed.error().message() + "; every NIC fact is unknown");
    mark_unreadable(facts, "nics", listed.error().message());
    facts["irqbalance"] = irqbalance_facts(ctx);
    return;
  }
  std::vector<std::string> names = std::move(listed).value();
  std::erase(names, "lo");
  std::erase_if(names, [&](const std::string& name) { return !is_network_device(ctx, name); });
  std::sort(names.begin(), names.end());
  InterruptTable interrupts(ctx);
  std::vector<Facts> per_nic(names.size());
  std::vector<Warnings> warnings(names.size());
  parallel_for(names.size(), worker_count(names.size(), kNicsPerThread), [&](size_t i) {
    ProbeContext nic_ctx(ctx.host, ctx.options, warnings[i]);
    per_nic[i] = nic_facts(nic_ctx, names[i], interrupts);
  });
  Facts nics = Facts::array();
  for (size_t i = 0; i < names.size(); ++i) {
    ctx.adopt(warnings[i]);
    nics.push_back(std::move(per_nic[i]));
  }
  facts["nics"] = std::move(nics);
  facts["irqbalance"] = irqbalance_facts(ctx);
}

}  // namespace

const Probe kNicProbe{"nic", "Network interfaces: driver, speed, queues, IRQs, ethtool state",
                      kNicSchema, collect_nic};

}  // namespace vtune
