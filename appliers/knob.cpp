#include "appliers/knob.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "engine/core/text.h"
#include "probes/sysctl_reader.h"
#include "probes/vmx_file.h"

namespace vtune {
namespace {

struct KindName {
  KnobKind kind;
  std::string_view name;
};
constexpr KindName kKindNames[] = {
    {KnobKind::Sysctl, "sysctl"},     {KnobKind::Sysfs, "sysfs"},
    {KnobKind::Ethtool, "ethtool"},   {KnobKind::IrqAffinity, "irq_affinity"},
    {KnobKind::Rps, "rps"},           {KnobKind::RpsFlow, "rps_flow"},
    {KnobKind::Xps, "xps"},           {KnobKind::DaemonJson, "daemon_json"},
    {KnobKind::Modprobe, "modprobe"}, {KnobKind::Vmx, "vmx"},
};

KnobParse fail(std::string message) {
  return KnobParse{std::nullopt, std::move(message)};
}
KnobParse ok(KnobKind kind, std::string subject, std::string field = {}) {
  return KnobParse{Knob{kind, std::move(subject), std::move(field)}, {}};
}

bool all_of(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}
bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// Linux interface names: 1..15 bytes, no '/', no whitespace; ':' is ours (the separator).
bool valid_ifname(std::string_view s) {
  if (s.empty() || s.size() > 15 || s == "." || s == "..") return false;
  return std::none_of(s.begin(), s.end(), [](char c) {
    return c == '/' || c == ':' || std::isspace(static_cast<unsigned char>(c)) ||
           std::iscntrl(static_cast<unsigned char>(c));
  });
}

// An absolute path under /sys with no "." or ".." component, no empty component and
// nothing unprintable, so it cannot leave /sys once joined to a root.
std::optional<std::string> sysfs_path_problem(std::string_view path) {
  if (!starts_with(path, "/sys/")) return "a sysfs path must start with /sys/";
  for (std::string_view part : split(path.substr(1), '/')) {
    if (part.empty()) return "empty path component";
    if (part == "." || part == "..") return "'.' and '..' are not allowed";
  }
  for (char c : path)
    if (std::iscntrl(static_cast<unsigned char>(c)) || c == ' ')
      return "blank or control character";
  return std::nullopt;
}

bool valid_queue(std::string_view s) {
  if (s.empty() || s.size() > 6 || !all_of(s, [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  return s.size() == 1 || s.front() != '0';  // canonical: no leading zeros
}

KnobParse parse_ethtool(std::string_view rest) {
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos) return fail("expected ethtool:IF:GROUP.NAME");
  std::string_view ifname = rest.substr(0, colon), field = rest.substr(colon + 1);
  if (!valid_ifname(ifname)) return fail("invalid interface name '" + std::string(ifname) + "'");
  size_t dot = field.find('.');
  if (dot == std::string_view::npos) return fail("expected GROUP.NAME after the interface");
  std::string_view group = field.substr(0, dot), name = field.substr(dot + 1);
  static constexpr std::string_view kRing[] = {"rx", "tx", "rx_mini", "rx_jumbo"};
  static constexpr std::string_view kChannels[] = {"rx", "tx", "other", "combined"};
  auto in = [&](const auto& list) {
    return std::find(std::begin(list), std::end(list), name) != std::end(list);
  };
  if (group == "ring" && !in(kRing)) return fail("unknown ring field '" + std::string(name) + "'");
  if (group == "channels" && !in(kChannels))
    return fail("unknown channels field '" + std::string(name) + "'");
  if (group == "coalesce" && !all_of(name, [](char c) {
        return std::islower(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c)) || c == '_';
      }))
    return fail("invalid coalescing parameter '" + std::string(name) + "'");
  if (group == "feature" && !all_of(name, name_char))
    return fail("invalid feature name '" + std::string(name) + "'");
  if (group != "ring" && group != "channels" && group != "coalesce" && group != "feature")
    return fail("unknown ethtool group '" + std::string(group) +
                "' (expected ring, coalesce, channels or feature)");
  return ok(KnobKind::Ethtool, std::string(ifname), std::string(field));
}

KnobParse parse_queue_knob(KnobKind kind, std::string_view rest) {
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos)
    return fail("expected " + std::string(knob_kind_name(kind)) + ":IF:QUEUE");
  std::string_view ifname = rest.substr(0, colon), queue = rest.substr(colon + 1);
  if (!valid_ifname(ifname)) return fail("invalid interface name '" + std::string(ifname) + "'");
  if (!valid_queue(queue)) return fail("invalid queue index '" + std::string(queue) + "'");
  return ok(kind, std::string(ifname), std::string(queue));
}

KnobParse parse_modprobe(std::string_view rest) {
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos) return fail("expected modprobe:MODULE:PARAM");
  std::string_view module = rest.substr(0, colon), param = rest.substr(colon + 1);
  if (!all_of(module, name_char)) return fail("invalid module name '" + std::string(module) + "'");
  if (!all_of(param, name_char))
    return fail("invalid module parameter '" + std::string(param) + "'");
  return ok(KnobKind::Modprobe, std::string(module), std::string(param));
}

KnobParse parse_vmx(std::string_view rest) {
  std::string lower(rest);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  size_t at = lower.find(".vmx:");
  if (at == std::string::npos) return fail("expected vmx:/PATH.vmx:KEY");
  std::string_view file = rest.substr(0, at + 4), key = rest.substr(at + 5);
  if (file.front() != '/') return fail("the .vmx path must be absolute");
  if (!is_valid_vmx_key(key)) return fail("invalid .vmx key '" + std::string(key) + "'");
  return ok(KnobKind::Vmx, std::string(file), std::string(key));
}

}  // namespace

std::string_view knob_kind_name(KnobKind kind) {
  for (const KindName& k : kKindNames)
    if (k.kind == kind) return k.name;
  return "?";
}

std::optional<KnobKind> knob_kind_from_name(std::string_view name) {
  for (const KindName& k : kKindNames)
    if (k.name == name) return k.kind;
  return std::nullopt;
}

std::vector<std::string> daemon_json_path(std::string_view subject) {
  std::vector<std::string> keys(1);
  for (size_t i = 0; i < subject.size(); ++i) {
    char c = subject[i];
    if (c == '\\') {
      if (i + 1 == subject.size() || (subject[i + 1] != '.' && subject[i + 1] != '\\')) return {};
      keys.back() += subject[++i];
    } else if (c == '.') {
      if (keys.back().empty()) return {};
      keys.emplace_back();
    } else {
      keys.back() += c;
    }
  }
  if (keys.back().empty()) return {};
  return keys;
}

std::string format_daemon_json_path(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& key : keys) {
    if (!out.empty()) out += '.';
    for (char c : key) {
      if (c == '.' || c == '\\') out += '\\';
      out += c;
    }
  }
  return out;
}

KnobParse parse_knob(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos)
    return fail("a knob is KIND:..., e.g. sysctl:net.core.somaxconn");
  std::optional<KnobKind> kind = knob_kind_from_name(text.substr(0, colon));
  if (!kind) return fail("unknown knob kind '" + std::string(text.substr(0, colon)) + "'");
  std::string_view rest = text.substr(colon + 1);
  switch (*kind) {
    case KnobKind::Sysctl:
      if (!valid_sysctl_key(rest)) return fail("invalid sysctl key '" + std::string(rest) + "'");
      return ok(*kind, std::string(rest));
    case KnobKind::Sysfs:
      if (std::optional<std::string> why = sysfs_path_problem(rest))
        return fail("invalid sysfs path '" + std::string(rest) + "': " + *why);
      return ok(*kind, std::string(rest));
    case KnobKind::Ethtool:
      return parse_ethtool(rest);
    case KnobKind::IrqAffinity:
    case KnobKind::Rps:
    case KnobKind::RpsFlow:
    case KnobKind::Xps:
      return parse_queue_knob(*kind, rest);
    case KnobKind::DaemonJson:
      if (daemon_json_path(rest).empty())
        return fail("invalid daemon.json key path '" + std::string(rest) +
                    "' (keys are separated by '.', written \\. inside a key)");
      return ok(*kind, std::string(rest));
    case KnobKind::Modprobe:
      return parse_modprobe(rest);
    case KnobKind::Vmx:
      return parse_vmx(rest);
  }
  return fail("unknown knob kind");
}

std::string format_knob(const Knob& knob) {
  std::string out(knob_kind_name(knob.kind));
  out += ':';
  out += knob.subject;
  if (!knob.field.empty()) out += ':' + knob.field;
  return out;
}

bool knob_well_formed(const Knob& knob) {
  KnobParse p = parse_knob(format_knob(knob));
  return p && *p.knob == knob;
}

int knob_queue(const Knob& knob) {
  return static_cast<int>(parse_int(knob.field).value_or(-1));
}

std::string_view knob_area_name(KnobArea area) {
  switch (area) {
    case KnobArea::Network:
      return "network";
    case KnobArea::Storage:
      return "storage";
    case KnobArea::Memory:
      return "memory";
    case KnobArea::Cpu:
      return "cpu";
    case KnobArea::Virt:
      return "virt";
    case KnobArea::Containers:
      return "containers";
    case KnobArea::Vmx:
      return "vmx";
    case KnobArea::Other:
      return "other";
  }
  return "other";
}

namespace {

struct Prefix {
  std::string_view prefix;
  KnobArea area;
};

// First match wins, so a specific prefix sits above the general one.
constexpr Prefix kSysctlAreas[] = {
    {"net.", KnobArea::Network},
    {"fs.file-max", KnobArea::Network},
    {"fs.nr_open", KnobArea::Network},
    {"fs.inotify.", KnobArea::Containers},
    {"kernel.pid_max", KnobArea::Containers},
    {"fs.aio", KnobArea::Storage},
    {"vm.", KnobArea::Memory},
    {"kernel.numa_balancing", KnobArea::Memory},
    {"kernel.", KnobArea::Cpu},
};
constexpr Prefix kSysfsAreas[] = {
    {"/sys/block/", KnobArea::Storage},
    {"/sys/class/block/", KnobArea::Storage},
    {"/sys/bus/scsi/", KnobArea::Storage},
    {"/sys/class/scsi_", KnobArea::Storage},
    {"/sys/class/net/", KnobArea::Network},
    {"/sys/kernel/mm/", KnobArea::Memory},
    {"/sys/devices/system/node/", KnobArea::Memory},
    {"/sys/devices/system/cpu/", KnobArea::Cpu},
    {"/sys/module/kvm", KnobArea::Virt},
    {"/sys/fs/cgroup/", KnobArea::Containers},
};
constexpr Prefix kModuleAreas[] = {
    {"vmw_pvscsi", KnobArea::Storage}, {"nvme", KnobArea::Storage},  {"scsi_", KnobArea::Storage},
    {"kvm", KnobArea::Virt},           {"vfio", KnobArea::Virt},     {"vmxnet3", KnobArea::Network},
    {"virtio_net", KnobArea::Network}, {"ixgbe", KnobArea::Network}, {"i40e", KnobArea::Network},
    {"ice", KnobArea::Network},        {"mlx", KnobArea::Network},   {"igb", KnobArea::Network},
    {"e1000", KnobArea::Network},      {"bnxt", KnobArea::Network},
};

template <size_t N>
std::optional<KnobArea> by_prefix(const Prefix (&table)[N], std::string_view s) {
  for (const Prefix& p : table)
    if (starts_with(s, p.prefix)) return p.area;
  return std::nullopt;
}

}  // namespace

KnobArea knob_area(const Knob& knob) {
  switch (knob.kind) {
    case KnobKind::Sysctl:
      return by_prefix(kSysctlAreas, knob.subject).value_or(KnobArea::Other);
    case KnobKind::Sysfs:
      if (std::optional<KnobArea> a = by_prefix(kSysfsAreas, knob.subject)) return *a;
      // Device paths: the class directory inside says what the device is.
      if (knob.subject.find("/block/") != std::string::npos) return KnobArea::Storage;
      if (knob.subject.find("/net/") != std::string::npos) return KnobArea::Network;
      return KnobArea::Other;
    case KnobKind::Ethtool:
    case KnobKind::IrqAffinity:
    case KnobKind::Rps:
    case KnobKind::RpsFlow:
    case KnobKind::Xps:
      return KnobArea::Network;
    case KnobKind::DaemonJson:
      return KnobArea::Containers;
    case KnobKind::Modprobe: {
      std::string module = knob.subject;
      std::replace(module.begin(), module.end(), '-', '_');
      return by_prefix(kModuleAreas, module).value_or(KnobArea::Other);
    }
    case KnobKind::Vmx:
      return KnobArea::Vmx;
  }
  return KnobArea::Other;
}

}  // namespace vtune
