// The vmx probe: the .vmx files named by the profile or --vmx, read through HostFs (so under
// --root they are inside the root), as raw entries plus the handful of settings the rules
// look at. vmx_file.cpp does the parsing; this layer reads values and builds facts.
#include <map>
#include <tuple>

#include "engine/core/text.h"
#include "probes/daemon_json.h"
#include "probes/probes.h"
#include "probes/vmx_file.h"

namespace vtune {
namespace {

constexpr FactField kVmxSchema[] = {
    {"vmx", "list<map>", "one entry per .vmx file given with --vmx or by the profile", "--vmx"},
    {"vmx[].path", "string", "the host path of the file", ""},
    {"vmx[].entries", "map<string,string>",
     "every key = value line, keys lowercased (VMware compares keys without case), values "
     "decoded; the last line wins for a repeated key; null when the file cannot be read",
     "the file"},
    {"vmx[].error", "map", "the first malformed line (null when there is none)", "the file"},
    {"vmx[].error.message", "string", "what is wrong", ""},
    {"vmx[].error.line", "int", "1-based line", ""},
    {"vmx[].error.column", "int", "1-based byte column", ""},
    {"vmx[].error.code", "string", "diagnostic code (VT0311)", ""},
    {"vmx[].guest_os", "string",
     "the guest OS identifier VMware configured (\"debian12-64\", \"windows9srv-64\"), lower "
     "case; null when unset",
     "guestOS"},
    {"vmx[].running", "bool",
     "the VM is powered on: VMware holds <name>.vmx.lck beside the file while it runs, and "
     "rewrites the .vmx from memory, so edits must wait until it is off",
     "<path>.lck"},
    {"vmx[].numvcpus", "int", "virtual CPUs; null when unset (VMware then uses 1)", "numvcpus"},
    {"vmx[].memsize", "size", "guest memory in bytes (memSize is MiB); null when unset", "memSize"},
    {"vmx[].cores_per_socket", "int", "virtual cores per socket; null when unset",
     "cpuid.coresPerSocket"},
    {"vmx[].vcpu_hotadd", "bool", "CPU hot-add enabled (it disables vNUMA); false when unset",
     "vcpu.hotadd"},
    {"vmx[].nics", "list<map>", "virtual NICs, by index", "ethernetN.*"},
    {"vmx[].nics[].index", "int", "N of ethernetN", ""},
    {"vmx[].nics[].virtual_dev", "string",
     "adapter type, lower case (VMware compares it without case): vmxnet3, e1000, e1000e, "
     "vlance; null when unset",
     "ethernetN.virtualDev"},
    {"vmx[].nics[].present", "bool", "the adapter is configured present", "ethernetN.present"},
    {"vmx[].nics[].wake_on_pckt_rcv", "bool", "wake on LAN; null when unset",
     "ethernetN.wakeOnPcktRcv"},
    {"vmx[].scsi", "list<map>", "SCSI controllers, by index", "scsiN.*"},
    {"vmx[].scsi[].index", "int", "N of scsiN", ""},
    {"vmx[].scsi[].virtual_dev", "string",
     "controller type, lower case: pvscsi, lsilogic, lsisas1068, buslogic; null when unset",
     "scsiN.virtualDev"},
    {"vmx[].disks", "list<map>",
     "virtual disks on scsi, sata, nvme and ide controllers, without CD-ROMs and devices "
     "marked not present",
     "scsiX:Y.*, sataX:Y.*, nvmeX:Y.*, ideX:Y.*"},
    {"vmx[].disks[].key", "string", "the device key, e.g. \"scsi0:0\"", ""},
    {"vmx[].disks[].file_name", "string", "the .vmdk; null when unset", "X:Y.fileName"},
    {"vmx[].disks[].virtual_ssd", "bool", "reported to the guest as an SSD; null when unset",
     "X:Y.virtualSSD"},
};

std::string ascii_lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// Lowercased key -> value; what VMware itself would see.
using VmxMap = std::map<std::string, std::string, std::less<>>;

class VmxReader {
 public:
  VmxReader(const ProbeContext& ctx, std::string path, VmxMap entries)
      : ctx_(ctx), path_(std::move(path)), entries_(std::move(entries)) {}

  const VmxMap& entries() const { return entries_; }

  std::optional<std::string> string(std::string_view key) const {
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }

  Facts string_or_null(std::string_view key) const { return or_null(string(key)); }

  // An enumerated value (virtualDev, guestOS), which VMware reads without case.
  Facts lower_or_null(std::string_view key) const {
    std::optional<std::string> s = string(key);
    if (!s) return nullptr;
    return ascii_lower(trim(*s));
  }

  // A positive integer; null (with a warning) when the value is anything else.
  std::optional<int64_t> positive(std::string_view key) const {
    std::optional<std::string> s = string(key);
    if (!s) return std::nullopt;
    std::optional<int64_t> v = parse_int(*s);
    if (v && *v > 0) return v;
    ctx_.warn(path_, std::string(key) + ": not a positive integer: '" + s->substr(0, 40) + "'");
    return std::nullopt;
  }

  // VMware writes TRUE/FALSE (any case) and sometimes 1/0.
  std::optional<bool> boolean(std::string_view key) const {
    std::optional<std::string> s = string(key);
    if (!s) return std::nullopt;
    std::string v;
    for (char c : trim(*s)) v += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (v == "true" || v == "yes" || v == "1") return true;
    if (v == "false" || v == "no" || v == "0") return false;
    ctx_.warn(path_, std::string(key) + ": not a boolean: '" + s->substr(0, 40) + "'");
    return std::nullopt;
  }

 private:
  const ProbeContext& ctx_;
  std::string path_;
  VmxMap entries_;
};

// "ethernet12.virtualdev" with prefix "ethernet" -> 12; nullopt unless digits then '.'.
std::optional<int> device_index(std::string_view key, std::string_view prefix) {
  if (!starts_with(key, prefix)) return std::nullopt;
  key.remove_prefix(prefix.size());
  size_t dot = key.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot > 4) return std::nullopt;
  int index = 0;
  for (char c : key.substr(0, dot)) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + (c - '0');
  }
  return index;
}

Facts nic_facts(const VmxReader& r) {
  std::map<int, bool> seen;
  for (const auto& [key, _] : r.entries())
    if (std::optional<int> i = device_index(key, "ethernet")) seen[*i] = true;
  Facts nics = Facts::array();
  for (const auto& [i, _] : seen) {
    std::string p = "ethernet" + std::to_string(i) + ".";
    nics.push_back({{"index", i},
                    {"virtual_dev", r.lower_or_null(p + "virtualdev")},
                    {"present", r.boolean(p + "present").value_or(false)},
                    {"wake_on_pckt_rcv", or_null(r.boolean(p + "wakeonpcktrcv"))}});
  }
  return nics;
}

Facts scsi_facts(const VmxReader& r) {
  std::map<int, bool> seen;
  for (const auto& [key, _] : r.entries())
    if (std::optional<int> i = device_index(key, "scsi")) seen[*i] = true;
  Facts scsi = Facts::array();
  for (const auto& [i, _] : seen)
    scsi.push_back({{"index", i},
                    {"virtual_dev", r.lower_or_null("scsi" + std::to_string(i) + ".virtualdev")}});
  return scsi;
}

Facts disk_facts(const VmxReader& r) {
  // (bus, controller, unit) -> "scsi0:1", in a stable numeric order.
  std::map<std::tuple<std::string, int, int>, std::string> devices;
  for (const auto& [key, _] : r.entries()) {
    for (std::string_view bus : {"scsi", "sata", "nvme", "ide"}) {
      if (!starts_with(key, bus)) continue;
      std::string_view rest = std::string_view(key).substr(bus.size());
      size_t colon = rest.find(':');
      size_t dot = rest.find('.');
      if (colon == std::string_view::npos || dot == std::string_view::npos || colon > dot) continue;
      std::string_view ctrl = rest.substr(0, colon);
      std::string_view unit = rest.substr(colon + 1, dot - colon - 1);
      if (ctrl.empty() || unit.empty() || ctrl.size() > 4 || unit.size() > 4) continue;
      std::optional<int64_t> c = parse_int(ctrl);
      std::optional<int64_t> u = parse_int(unit);
      if (!c || !u || *c < 0 || *u < 0 || ctrl.front() == '+' || unit.front() == '+') continue;
      devices[{std::string(bus), static_cast<int>(*c), static_cast<int>(*u)}] =
          std::string(key.substr(0, bus.size() + dot));
    }
  }
  Facts disks = Facts::array();
  for (const auto& [_, dev] : devices) {
    std::string type = ascii_lower(r.string(dev + ".devicetype").value_or(""));
    if (type.find("cdrom") != std::string::npos) continue;
    if (r.boolean(dev + ".present") == false) continue;
    disks.push_back({{"key", dev},
                     {"file_name", r.string_or_null(dev + ".filename")},
                     {"virtual_ssd", or_null(r.boolean(dev + ".virtualssd"))}});
  }
  return disks;
}

Facts vmx_facts(const ProbeContext& ctx, const std::string& path) {
  Facts f = {{"path", valid_utf8(path)},
             {"entries", nullptr},
             {"error", nullptr},
             {"guest_os", nullptr},
             {"running", ctx.host.fs.exists(path + ".lck")},
             {"numvcpus", nullptr},
             {"memsize", nullptr},
             {"cores_per_socket", nullptr},
             {"vcpu_hotadd", nullptr},
             {"nics", nullptr},
             {"scsi", nullptr},
             {"disks", nullptr}};
  std::optional<std::string> text = ctx.read_required(path);
  if (!text) return f;
  VmxParse parsed = VmxFile::parse(*text, path);
  for (const Diagnostic& d : parsed.diagnostics.items()) {
    ctx.warn(path, std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + ": " +
                       d.code + ": " + d.message);
    if (d.severity == Severity::Error && f["error"].is_null())
      f["error"] = {{"message", d.message},
                    {"line", d.span.line},
                    {"column", d.span.column},
                    {"code", d.code}};
  }
  VmxMap map;
  for (VmxEntry& e : parsed.file.entries()) {
    map[ascii_lower(e.key)] = valid_utf8(e.value);
  }
  VmxReader r(ctx, path, std::move(map));
  Facts entries = Facts::object();
  for (const auto& [k, v] : r.entries()) entries[k] = v;
  f["entries"] = std::move(entries);
  f["guest_os"] = r.lower_or_null("guestos");
  f["numvcpus"] = or_null(r.positive("numvcpus"));
  std::optional<int64_t> mib = r.positive("memsize");
  // 2^40 MiB is far past any VM; the bound keeps the multiplication from overflowing.
  if (mib && *mib >= (int64_t{1} << 40)) {
    ctx.warn(path, "memsize: " + std::to_string(*mib) + " MiB is out of range");
    mib.reset();
  }
  f["memsize"] = mib ? Facts(*mib * 1024 * 1024) : Facts(nullptr);
  f["cores_per_socket"] = or_null(r.positive("cpuid.corespersocket"));
  f["vcpu_hotadd"] =
      or_null(r.string("vcpu.hotadd") ? r.boolean("vcpu.hotadd") : std::optional<bool>(false));
  f["nics"] = nic_facts(r);
  f["scsi"] = scsi_facts(r);
  f["disks"] = disk_facts(r);
  return f;
}

void collect_vmx(const ProbeContext& ctx, Facts& facts) {
  Facts list = Facts::array();
  for (const std::string& path : ctx.options.vmx_files) list.push_back(vmx_facts(ctx, path));
  facts["vmx"] = std::move(list);
}

}  // namespace

const Probe kVmxProbe{"vmx", "VMware .vmx files: vCPUs, memory, virtual NICs, SCSI and disks",
                      kVmxSchema, collect_vmx};

}  // namespace vtune
