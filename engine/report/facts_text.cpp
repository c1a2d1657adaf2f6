#include "engine/report/facts_text.h"
#include "engine/core/text_escape.h"

#include <string_view>

#include "engine/core/quantity.h"
#include "engine/core/text.h"

namespace vtune {
namespace {

// The value at a JSON pointer, or null when any step is missing: the summary must render
// whatever subset of facts a host (or a damaged snapshot) produced.
const Json& at(const Json& j, std::string_view pointer) {
  static const Json kNull;
  Json::json_pointer p{std::string(pointer)};
  return j.contains(p) ? j.at(p) : kNull;
}

std::string text(const Json& v, std::string_view unknown = "?") {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return v.dump();
  return std::string(unknown);
}

std::string qty(const Json& v, QuantityKind kind) {
  if (!v.is_number_integer()) return "?";
  return format_quantity({v.get<int64_t>(), kind});
}

// Bytes in the largest binary unit, to one decimal: 8589934592 -> "8 GiB".
std::string human_size(const Json& v) {
  if (!v.is_number_integer()) return "?";
  double b = static_cast<double>(v.get<int64_t>());
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (b >= 1024 && u < 4) b /= 1024, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, b == static_cast<int64_t>(b) ? "%.0f %s" : "%.1f %s", b, units[u]);
  return buf;
}

std::string join(const Json& list, std::string_view sep = ", ") {
  std::string out;
  if (!list.is_array()) return out;
  for (const Json& v : list) {
    if (!out.empty()) out += sep;
    out += text(v);
  }
  return out;
}

void line(std::string& out, std::string_view label, const std::string& body) {
  std::string l(label);
  l.resize(9, ' ');
  out += l + escape_control_line(body) + "\n";  // facts are host bytes: no raw escapes
}

void cpu_lines(const Json& f, std::string& out) {
  std::string body = text(at(f, "/cpu/model")) + "; " + text(at(f, "/cpu/sockets")) + " sockets, " +
                     text(at(f, "/cpu/cores")) + " cores, " + text(at(f, "/cpu/threads")) +
                     " threads";
  std::string virt = text(at(f, "/cpu/hw_virt"));
  for (std::string_view flag : {"ept", "npt", "vpid"})
    if (at(f, "/cpu/" + std::string(flag)) == true) virt += "+" + std::string(flag);
  body += "; hw virt " + virt + "; governor " + text(at(f, "/cpu/governor"), "n/a");
  line(out, "CPU", body);
}

void virt_lines(const Json& f, std::string& out) {
  std::string hv = text(at(f, "/virt/hypervisor"));
  std::string body =
      hv == "none" ? "bare metal" : hv + (at(f, "/virt/guest") == true ? " guest" : "");
  body += "; container " + text(at(f, "/virt/container"));
  if (at(f, "/virt/kvm_host") == true) body += "; KVM host";
  const Json& ev = at(f, "/virt/evidence");
  if (ev.is_array() && !ev.empty()) body += " (" + join(ev, "; ") + ")";
  line(out, "Virt", body);
  const Json& iommu = at(f, "/iommu");
  if (!iommu.is_null()) {
    std::string ib = at(f, "/iommu/enabled") == true ? "on" : "off";
    if (at(f, "/iommu/units").is_array() && !at(f, "/iommu/units").empty())
      ib += " (" + join(at(f, "/iommu/units")) + ")";
    if (at(f, "/iommu/passthrough") == true) ib += ", passthrough";
    line(out, "IOMMU", ib);
  }
}

void numa_memory_lines(const Json& f, std::string& out) {
  const Json& nodes = at(f, "/numa/nodes");
  if (nodes.is_array()) {
    std::string body = std::to_string(nodes.size()) + (nodes.size() == 1 ? " node" : " nodes");
    for (const Json& n : nodes)
      body += "; node" + text(at(n, "/id")) + " cpus " + text(at(n, "/cpulist")) + " " +
              human_size(at(n, "/mem_total"));
    line(out, "NUMA", body);
  }
  std::string mem = human_size(at(f, "/memory/total")) + "; THP " + text(at(f, "/memory/thp")) +
                    " (defrag " + text(at(f, "/memory/thp_defrag")) + "); hugepages " +
                    text(at(f, "/memory/hugepages/total")) + " x " +
                    human_size(at(f, "/memory/hugepages/size"));
  line(out, "Memory", mem);
}

void nic_lines(const Json& f, std::string& out) {
  const Json& nics = at(f, "/nics");
  if (!nics.is_array()) return;
  bool first = true;
  for (const Json& n : nics) {
    std::string body =
        text(at(n, "/name")) + "  " + text(at(n, "/driver")) + "  " +
        (at(n, "/speed").is_null() ? "speed ?" : qty(at(n, "/speed"), QuantityKind::Rate)) +
        "  mtu " + text(at(n, "/mtu"));
    if (at(n, "/virtual") == true) body += "  virtual";
    if (!at(n, "/numa_node").is_null()) body += "  node " + text(at(n, "/numa_node"));
    body += "  queues " + text(at(n, "/queues/rx")) + "/" + text(at(n, "/queues/tx"));
    if (!at(n, "/ring/rx").is_null())
      body += "  ring rx " + text(at(n, "/ring/rx")) + "/" + text(at(n, "/ring/rx_max"));
    if (!at(n, "/channels/combined").is_null())
      body += "  channels " + text(at(n, "/channels/combined")) + "/" +
              text(at(n, "/channels/combined_max"));
    if (at(n, "/sriov/total_vfs").is_number_integer() && at(n, "/sriov/total_vfs") != 0)
      body += "  sr-iov " + text(at(n, "/sriov/num_vfs")) + "/" + text(at(n, "/sriov/total_vfs")) +
              " VFs";
    line(out, first ? "NICs" : "", body);
    first = false;
  }
}

void disk_lines(const Json& f, std::string& out) {
  const Json& disks = at(f, "/disks");
  if (!disks.is_array()) return;
  bool first = true;
  for (const Json& d : disks) {
    std::string body = text(at(d, "/name")) + "  " + text(at(d, "/driver"));
    if (!at(d, "/host_driver").is_null() && at(d, "/host_driver") != at(d, "/driver"))
      body += " on " + text(at(d, "/host_driver"));
    body += "  " + human_size(at(d, "/size")) + "  " +
            (at(d, "/rotational") == true ? "rotational" : "non-rotational") + "  scheduler " +
            text(at(d, "/scheduler")) + "  nr_requests " + text(at(d, "/nr_requests")) +
            "  read_ahead " + text(at(d, "/read_ahead_kb")) + " KiB";
    if (!at(d, "/queue_depth").is_null()) body += "  queue_depth " + text(at(d, "/queue_depth"));
    line(out, first ? "Disks" : "", body);
    first = false;
  }
}

void docker_vmx_lines(const Json& f, std::string& out) {
  if (at(f, "/docker/installed") == true) {
    std::string body = at(f, "/docker/running") == true ? "installed, running" : "installed";
    body += "; daemon.json " + text(at(f, "/docker/daemon_json_path"));
    if (!at(f, "/docker/daemon_json_error").is_null())
      body += " (invalid: " + text(at(f, "/docker/daemon_json_error/message")) + ")";
    else if (at(f, "/docker/daemon_json").is_object())
      body += " (" + std::to_string(at(f, "/docker/daemon_json").size()) + " keys)";
    const Json& mounts = at(f, "/docker/overlay/mounts");
    if (mounts.is_array())
      body += "; " + std::to_string(mounts.size()) + " overlay mounts, max " +
              text(at(f, "/docker/overlay/max_layers")) + " lower layers";
    line(out, "Docker", body);
  }
  const Json& vmx = at(f, "/vmx");
  if (vmx.is_array())
    for (const Json& v : vmx) {
      std::string body = text(at(v, "/path")) + ": " + text(at(v, "/numvcpus")) + " vCPU, " +
                         human_size(at(v, "/memsize"));
      if (at(v, "/nics").is_array())
        for (const Json& n : at(v, "/nics"))
          body += ", ethernet" + text(at(n, "/index")) + " " + text(at(n, "/virtual_dev"));
      if (!at(v, "/error").is_null()) body += " (invalid: " + text(at(v, "/error/message")) + ")";
      line(out, "VMX", body);
    }
  const Json& cron = at(f, "/cron/drop_caches");
  if (cron.is_array() && !cron.empty()) line(out, "Cron", "drop_caches jobs: " + join(cron));
}

}  // namespace

std::string render_facts_text(const Facts& facts) {
  std::string out;
  line(out, "Kernel", text(at(facts, "/kernel/release")));
  cpu_lines(facts, out);
  virt_lines(facts, out);
  numa_memory_lines(facts, out);
  nic_lines(facts, out);
  disk_lines(facts, out);
  docker_vmx_lines(facts, out);
  return out;
}

}  // namespace vtune
