#include "tests/perf/synthetic_host.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "engine/core/text.h"

namespace vtune::perf {
namespace fs = std::filesystem;
namespace {

void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

void link(const fs::path& p, const std::string& target) {
  fs::create_directories(p.parent_path());
  std::error_code ec;
  fs::remove(p, ec);
  fs::create_symlink(target, p);
}

std::string hex2(int v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02x", static_cast<unsigned>(v) & 0xffu);
  return b;
}

}  // namespace

std::string write_synthetic_host(const std::string& dir, const SyntheticShape& s) {
  fs::path root(dir);
  int per_node = s.cpus / s.nodes;
  // CPUs: cpuinfo, topology, cpufreq.
  std::string cpuinfo;
  for (int c = 0; c < s.cpus; ++c) {
    int socket = c / (s.cpus / 2);
    cpuinfo += "processor\t: " + std::to_string(c) +
               "\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8380 CPU @ "
               "2.30GHz\nphysical id\t: " +
               std::to_string(socket) + "\nsiblings\t: " + std::to_string(s.cpus / 2) +
               "\ncore id\t\t: " + std::to_string(c % (s.cpus / 4)) +
               "\ncpu cores\t: " + std::to_string(s.cpus / 4) +
               "\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat "
               "pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp "
               "lm constant_tsc vmx smx est tm2 ssse3 fma cx16 sse4_1 sse4_2 x2apic movbe popcnt "
               "aes xsave avx f16c rdrand lahf_lm abm ept vpid avx2 avx512f\n\n";
    fs::path cpu = root / "sys/devices/system/cpu" / ("cpu" + std::to_string(c));
    put(cpu / "topology/physical_package_id", std::to_string(socket) + "\n");
    put(cpu / "topology/core_id", std::to_string(c % (s.cpus / 4)) + "\n");
    put(root / "sys/devices/system/cpu/cpufreq" / ("policy" + std::to_string(c)) /
            "scaling_governor",
        "performance\n");
  }
  put(root / "proc/cpuinfo", cpuinfo);
  put(root / "sys/devices/system/cpu/online", "0-" + std::to_string(s.cpus - 1) + "\n");
  put(root / "sys/devices/system/cpu/possible", "0-" + std::to_string(s.cpus - 1) + "\n");
  // NUMA nodes.
  for (int n = 0; n < s.nodes; ++n) {
    fs::path node = root / "sys/devices/system/node" / ("node" + std::to_string(n));
    std::vector<int> cpus;
    for (int c = n * per_node; c < (n + 1) * per_node; ++c) cpus.push_back(c);
    put(node / "cpulist", format_cpulist(cpus) + "\n");
    put(node / "meminfo", "Node " + std::to_string(n) + " MemTotal:       131072000 kB\n");
    std::string dist;
    for (int m = 0; m < s.nodes; ++m) dist += (m ? " " : "") + std::to_string(m == n ? 10 : 21);
    put(node / "distance", dist + "\n");
  }
  put(root / "sys/devices/system/node/online", "0-" + std::to_string(s.nodes - 1) + "\n");
  put(root / "proc/meminfo",
      "MemTotal:       1048576000 kB\nHugePages_Total:       0\nHugePages_Free:        0\n"
      "Hugepagesize:       2048 kB\n");
  put(root / "sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n");
  put(root / "proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
  put(root / "proc/cmdline", "BOOT_IMAGE=/vmlinuz-6.1.0-18-amd64 root=/dev/sda1 ro quiet\n");
  // NICs, each its own PCI function with MSI-X vectors, one per queue.
  std::string interrupts = "           CPU0       CPU1\n";
  int irq = 100;
  for (int i = 0; i < s.nics; ++i) {
    std::string pci = "0000:" + hex2(0x10 + i) + ":00.0";
    std::string name = "eth" + std::to_string(i);
    fs::path fn = root / "sys/devices/pci0000:00" / pci;
    put(fn / "vendor", "0x8086\n");
    put(fn / "device", "0x1572\n");
    put(fn / "numa_node", std::to_string(i % s.nodes) + "\n");
    link(fn / "driver", "../../../bus/pci/drivers/i40e");
    link(root / "sys/bus/pci/devices" / pci, "../../../devices/pci0000:00/" + pci);
    fs::path net = fn / "net" / name;
    put(net / "mtu", "1500\n");
    put(net / "speed", "25000\n");
    put(net / "address", "3c:fd:fe:00:00:" + hex2(i) + "\n");
    put(net / "operstate", "up\n");
    put(net / "type", "1\n");
    link(net / "device", "../../../" + pci);
    link(root / "sys/class/net" / name, "../../devices/pci0000:00/" + pci + "/net/" + name);
    for (int q = 0; q < s.queues; ++q) {
      put(net / "queues" / ("rx-" + std::to_string(q)) / "rps_cpus", "0\n");
      put(net / "queues" / ("rx-" + std::to_string(q)) / "rps_flow_cnt", "0\n");
      put(net / "queues" / ("tx-" + std::to_string(q)) / "xps_cpus", "0\n");
      put(fn / "msi_irqs" / std::to_string(irq), "msix\n");
      put(root / "proc/irq" / std::to_string(irq) / "smp_affinity_list",
          std::to_string(q % s.cpus) + "\n");
      interrupts += std::to_string(irq) + ":          0          0  IR-PCI-MSI 1-edge      " +
                    name + "-TxRx-" + std::to_string(q) + "\n";
      ++irq;
    }
    put(root / ".vtune/ethtool" / (name + ".json"),
        "{\"ring\":{\"rx\":512,\"tx\":512,\"rx_max\":4096,\"tx_max\":4096},"
        "\"channels\":{\"combined\":" +
            std::to_string(s.queues) + ",\"combined_max\":" + std::to_string(s.queues) +
            "},\"coalesce\":{\"rx_usecs\":50,\"adaptive_rx\":1},"
            "\"features\":{\"rx-gro\":{\"active\":true,\"changeable\":true}}}\n");
  }
  put(root / "proc/interrupts", interrupts);
  // NVMe disks.
  for (int d = 0; d < s.disks; ++d) {
    std::string pci = "0000:" + hex2(0x80 + d / 8) + ":" + hex2(d % 8) + ".0";
    std::string ctrl = "nvme" + std::to_string(d);
    std::string disk = ctrl + "n1";
    fs::path fn = root / "sys/devices/pci0000:80" / pci;
    put(fn / "vendor", "0x144d\n");
    put(fn / "numa_node", std::to_string(d % s.nodes) + "\n");
    link(fn / "driver", "../../../bus/pci/drivers/nvme");
    link(root / "sys/bus/pci/devices" / pci, "../../../devices/pci0000:80/" + pci);
    fs::path c = fn / "nvme" / ctrl;
    link(c / "device", "../../../" + pci);
    put(c / "model", "SAMSUNG MZQL23T8HCLS-00A07\n");
    fs::path b = c / disk;
    link(b / "device", "../../" + ctrl);
    put(b / "size", "7501476528\n");
    put(b / "queue/scheduler", "[none] mq-deadline\n");
    put(b / "queue/rotational", "0\n");
    put(b / "queue/nr_requests", "1023\n");
    put(b / "queue/read_ahead_kb", "128\n");
    for (int q = 0; q < 8; ++q) put(b / "mq" / std::to_string(q) / "nr_tags", "1023\n");
    std::string rel = "devices/pci0000:80/" + pci + "/nvme/" + ctrl + "/" + disk;
    link(root / "sys/class/block" / disk, "../../" + rel);
    link(root / "sys/block" / disk, "../" + rel);
  }
  return dir;
}

}  // namespace vtune::perf
