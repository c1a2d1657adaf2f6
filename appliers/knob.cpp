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

using Problem = std::optional<std::string>;

Problem ethtool_field_problem(std::string_view field) {
  size_t dot = field.find('.');
  if (dot == std::string_view::npos) return "expected GROUP.NAME after the interface";
  std::string_view group = field.substr(0, dot), name = field.substr(dot + 1);
  static constexpr std::string_view kRing[] = {"rx", "tx", "rx_mini", "rx_jumbo"};
  static constexpr std::string_view kChannels[] = {"rx", "tx", "other", "combined"};
  auto in = [&](const auto& list) {
    return std::find(std::begin(list), std::end(list), name) != std::end(list);
  };
  if (group == "ring" && !in(kRing)) return "unknown ring field '" + std::string(name) + "'";
  if (group == "channels" && !in(kChannels))
    return "unknown channels field '" + std::string(name) + "'";
  if (group == "coalesce" && !all_of(name, [](char c) {
        return std::islower(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c)) || c == '_';
      }))
    return "invalid coalescing parameter '" + std::string(name) + "'";
  if (group == "feature" && !all_of(name, name_char))
    return "invalid feature name '" + std::string(name) + "'";
  if (group != "ring" && group != "channels" && group != "coalesce" && group != "feature")
    return "unknown ethtool group '" + std::string(group) +
           "' (expected ring, coalesce, channels or feature)";
  return std::nullopt;
}

Problem no_field(const Knob& knob) {
  if (knob.field.empty()) return std::nullopt;
  return "a " + std::string(knob_kind_name(knob.kind)) + " knob has no field (got '" + knob.field +
         "')";
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Problem vmx_problem(const Knob& knob) {
  const std::string& file = knob.subject;
  std::string lower = lowercase(file);
  if (file.empty() || !lower.ends_with(".vmx")) return "expected vmx:/PATH.vmx:KEY";
  // parse_knob cuts at the first ".vmx:", so a path holding one would not read back.
  if (lower.find(".vmx:") != std::string::npos)
    return "the .vmx path '" + file + "' holds \".vmx:\"";
  if (file.front() != '/') return "the .vmx path must be absolute";
  for (char c : file)
    if (std::iscntrl(static_cast<unsigned char>(c)))
      return "the .vmx path holds a control character";
  if (!is_valid_vmx_key(knob.field)) return "invalid .vmx key '" + knob.field + "'";
  return std::nullopt;
}

// Splits "IF:REST" at the first ':' (an interface name never holds one); nullopt without one.
std::optional<std::pair<std::string_view, std::string_view>> split_colon(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  return std::pair{s.substr(0, colon), s.substr(colon + 1)};
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

std::optional<std::string> knob_problem(const Knob& knob) {
  switch (knob.kind) {
    case KnobKind::Sysctl:
      if (!valid_sysctl_key(knob.subject)) return "invalid sysctl key '" + knob.subject + "'";
      return no_field(knob);
    case KnobKind::Sysfs:
      if (Problem why = sysfs_path_problem(knob.subject))
        return "invalid sysfs path '" + knob.subject + "': " + *why;
      return no_field(knob);
    case KnobKind::Ethtool:
      if (!valid_ifname(knob.subject)) return "invalid interface name '" + knob.subject + "'";
      return ethtool_field_problem(knob.field);
    case KnobKind::IrqAffinity:
    case KnobKind::Rps:
    case KnobKind::RpsFlow:
    case KnobKind::Xps:
      if (!valid_ifname(knob.subject)) return "invalid interface name '" + knob.subject + "'";
      if (!valid_queue(knob.field)) return "invalid queue index '" + knob.field + "'";
      return std::nullopt;
    case KnobKind::DaemonJson:
      if (daemon_json_path(knob.subject).empty())
        return "invalid daemon.json key path '" + knob.subject +
               "' (keys are separated by '.', written \\. inside a key)";
      return no_field(knob);
    case KnobKind::Modprobe:
      if (!all_of(knob.subject, name_char)) return "invalid module name '" + knob.subject + "'";
      if (!all_of(knob.field, name_char)) return "invalid module parameter '" + knob.field + "'";
      return std::nullopt;
    case KnobKind::Vmx:
      return vmx_problem(knob);
  }
  return "unknown knob kind";
}

KnobParse parse_knob(std::string_view text) {
  auto head = split_colon(text);
  if (!head) return fail("a knob is KIND:..., e.g. sysctl:net.core.somaxconn");
  std::optional<KnobKind> kind = knob_kind_from_name(head->first);
  if (!kind) return fail("unknown knob kind '" + std::string(head->first) + "'");
  std::string_view rest = head->second;
  Knob knob{*kind, std::string(rest), {}};
  switch (*kind) {
    case KnobKind::Sysctl:
    case KnobKind::Sysfs:
    case KnobKind::DaemonJson:
      break;
    case KnobKind::Ethtool:
    case KnobKind::IrqAffinity:
    case KnobKind::Rps:
    case KnobKind::RpsFlow:
    case KnobKind::Xps:
    case KnobKind::Modprobe: {
      auto parts = split_colon(rest);
      if (!parts) {
        std::string_view shape = *kind == KnobKind::Ethtool    ? "IF:GROUP.NAME"
                                 : *kind == KnobKind::Modprobe ? "MODULE:PARAM"
                                                               : "IF:QUEUE";
        return fail("expected " + std::string(knob_kind_name(*kind)) + ":" + std::string(shape));
      }
      knob.subject = std::string(parts->first);
      knob.field = std::string(parts->second);
      break;
    }
    case KnobKind::Vmx: {
      size_t at = lowercase(rest).find(".vmx:");
      if (at == std::string::npos) return fail("expected vmx:/PATH.vmx:KEY");
      knob.subject = std::string(rest.substr(0, at + 4));
      knob.field = std::string(rest.substr(at + 5));
      break;
    }
  }
  if (Problem why = knob_problem(knob)) return fail(std::move(*why));
  return KnobParse{std::move(knob), {}};
}

std::string format_knob(const Knob& knob) {
  std::string out(knob_kind_name(knob.kind));
  out += ':';
  out += knob.subject;
  if (!knob.field.empty()) out += ':' + knob.field;
  return out;
}

bool knob_well_formed(const Knob& knob) {
  return !knob_problem(knob);
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
