#include "appliers/persist_udev.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "appliers/value_text.h"
#include "engine/core/text.h"

namespace vtune {
namespace {

// The block attributes a rule may set, in the order a rule file must set them: a new
// scheduler resets nr_requests to its own default, so the scheduler comes first.
constexpr std::string_view kBlockAttributes[] = {
    "queue/scheduler",    "queue/nr_requests",    "queue/read_ahead_kb", "queue/rq_affinity",
    "queue/nomerges",     "queue/max_sectors_kb", "queue/add_random",    "queue/iostats",
    "queue/wbt_lat_usec", "device/queue_depth"};

size_t attribute_rank(std::string_view subsystem, std::string_view attribute) {
  if (subsystem != "block") return 0;
  auto it = std::find(std::begin(kBlockAttributes), std::end(kBlockAttributes), attribute);
  return static_cast<size_t>(it - std::begin(kBlockAttributes));
}

// A name udev matches literally: no glob, alternative, quote or substitution character.
bool literal(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f &&
           std::string_view("*?[]|\"\\$%").find(c) == std::string_view::npos;
  });
}

// A glob of an interface or disk name udev can use as a KERNEL pattern.
bool device_pattern(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f && std::string_view("\"\\$%|").find(c) == std::string_view::npos;
  });
}

std::string fact_string(const Json& item, std::string_view key) {
  auto it = item.find(key);
  return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const Json* fact_item(const Json& facts, std::string_view list, std::string_view name) {
  if (!facts.is_object()) return nullptr;
  auto it = facts.find(list);
  if (it == facts.end() || !it->is_array()) return nullptr;
  for (const Json& item : *it)
    if (item.is_object() && fact_string(item, "name") == name) return &item;
  return nullptr;
}

// udev's database entry for a disk, as 60-persistent-storage.rules filled it: the value of
// E:KEY=, or "" (the file is /run/udev/data/b<major>:<minor>).
std::string udev_property(const HostFs& fs, const std::string& disk, std::string_view key) {
  Result<std::string> dev = fs.read_file("/sys/block/" + disk + "/dev");
  if (!dev) return {};
  Result<std::string> db = fs.read_file("/run/udev/data/b" + std::string(trim(*dev)));
  if (!db) return {};
  std::string prefix = "E:" + std::string(key) + "=";
  for (std::string_view line : lines(*db))
    if (starts_with(line, prefix)) return std::string(line.substr(prefix.size()));
  return {};
}

// The match part of a rule: the most stable name the host gives the device.
std::string device_match(const UdevAttribute& a, const ApplierContext& ctx) {
  bool glob = a.device.find_first_of("*?[") != std::string::npos;
  if (a.subsystem == "block") {
    std::string id;
    if (!glob) {
      const Json* disk = fact_item(ctx.facts, "disks", a.device);
      for (std::string_view key : {"ID_SERIAL", "ID_WWN"}) {
        std::string fact = key == "ID_SERIAL" ? "serial" : "wwn";
        std::string v = disk ? fact_string(*disk, fact) : std::string();
        if (v.empty()) v = udev_property(ctx.fs, a.device, key);
        if (literal(v)) {
          id = "ENV{" + std::string(key) + "}==\"" + v + "\"";
          break;
        }
      }
    }
    if (id.empty()) id = "KERNEL==\"" + a.device + "\"";
    // Partitions share their disk's ID_SERIAL and have no queue/.
    return "ACTION==\"add|change\", SUBSYSTEM==\"block\", " + id + ", ENV{DEVTYPE}==\"disk\"";
  }
  // An interface is named by its MAC where the facts know it: the name may be given only by
  // 80-net-setup-link.rules during this very event. Bonds, VLANs and bridges borrow a
  // member's MAC and carry a DEVTYPE, which a physical NIC lacks.
  const Json* nic = glob ? nullptr : fact_item(ctx.facts, "nics", a.device);
  std::string mac = nic ? fact_string(*nic, "mac") : std::string();
  if (literal(mac) && mac != "00:00:00:00:00:00")
    return "ACTION==\"add\", SUBSYSTEM==\"net\", ATTR{address}==\"" + mac +
           "\", ENV{DEVTYPE}==\"\"";
  return "ACTION==\"add\", SUBSYSTEM==\"net\", KERNEL==\"" + a.device + "\"";
}

// The value as a udev assignment value: '$' and '%' are udev's substitutions, doubled to be
// literal; a quote, backslash or control character cannot be written at all.
std::optional<std::string> assignment_value(const Json& value) {
  std::optional<std::string> text = facts_to_text(value);
  if (!text) return std::nullopt;
  std::string out;
  for (char c : *text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || u < 0x20 || u == 0x7f) return std::nullopt;
    if (c == '$' || c == '%') out += c;
    out += c;
  }
  return out;
}

struct Rule {
  std::string match;
  std::string subsystem;
  std::string attribute;
  std::string value;  // as written in the rule
  std::string line() const { return match + ", ATTR{" + attribute + "}=\"" + value + "\""; }
  auto order() const { return std::tuple(match, attribute_rank(subsystem, attribute), attribute); }
};

// A rule line of an earlier run: MATCH, ATTR{attribute}="value".
std::optional<Rule> parse_rule(std::string_view line) {
  size_t at = line.rfind(", ATTR{");
  if (at == std::string_view::npos || !starts_with(line, "ACTION==")) return std::nullopt;
  size_t close = line.find("}=\"", at);
  if (close == std::string_view::npos || line.size() < close + 4 || line.back() != '"')
    return std::nullopt;
  Rule r;
  r.match = std::string(line.substr(0, at));
  r.subsystem = r.match.find("SUBSYSTEM==\"block\"") != std::string::npos ? "block" : "net";
  r.attribute = std::string(line.substr(at + 7, close - at - 7));
  r.value = std::string(line.substr(close + 3, line.size() - close - 4));
  return r;
}

std::string render(std::vector<Rule> rules, std::string_view profile) {
  std::sort(rules.begin(), rules.end(),
            [](const Rule& a, const Rule& b) { return a.order() < b.order(); });
  std::string out =
      "# Written by vtune, last for profile " + std::string(profile) +
      ": the disk and NIC attributes it applied,\n"
      "# set again by udev whenever the device appears. vtune owns this file; `vtune rollback`\n"
      "# puts back what was here before.\n";
  for (const Rule& r : rules) out += r.line() + "\n";
  return out;
}

}  // namespace

std::optional<UdevAttribute> udev_attribute(const Knob& knob) {
  if (knob.kind != KnobKind::Sysfs) return std::nullopt;
  std::string_view path = knob.subject;
  for (std::string_view prefix : {"/sys/block/", "/sys/class/block/", "/sys/class/net/"}) {
    if (!starts_with(path, prefix)) continue;
    std::string_view rest = path.substr(prefix.size());
    size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    UdevAttribute a{prefix == "/sys/class/net/" ? "net" : "block",
                    std::string(rest.substr(0, slash)), std::string(rest.substr(slash + 1))};
    if (!device_pattern(a.device) || a.attribute.find_first_of("*?[") != std::string::npos)
      return std::nullopt;
    if (a.subsystem == "block" &&
        std::find(std::begin(kBlockAttributes), std::end(kBlockAttributes), a.attribute) ==
            std::end(kBlockAttributes))
      return std::nullopt;
    // A NIC's own attributes (tx_queue_len, gro_flush_timeout, ...), not its queues'.
    if (a.subsystem == "net" && a.attribute.find('/') != std::string::npos) return std::nullopt;
    return a;
  }
  return std::nullopt;
}

UdevPersistence plan_udev_persistence(const std::vector<const AppliedSetting*>& sysfs,
                                      std::string_view profile, const ApplierContext& ctx) {
  UdevPersistence out;
  std::vector<Rule> now;
  for (const AppliedSetting* s : sysfs) {
    std::optional<UdevAttribute> a = udev_attribute(s->knob);
    if (!a) continue;
    std::optional<std::string> value = assignment_value(s->value);
    if (!value) {
      out.notes.push_back(format_knob(s->knob) +
                          ": the value cannot be written in a udev rule; vtune-apply.service "
                          "sets it at boot instead");
      out.boot.push_back(s);
      continue;
    }
    now.push_back(Rule{device_match(*a, ctx), a->subsystem, a->attribute, *value});
  }
  if (now.empty()) return out;
  // Earlier runs' rules stay, unless this run sets the same attribute of the same device.
  std::vector<Rule> rules = now;
  if (Result<std::string> mine = ctx.fs.read_file(kPersistUdevPath))
    for (std::string_view line : lines(*mine))
      if (std::optional<Rule> r = parse_rule(line))
        if (std::none_of(now.begin(), now.end(), [&](const Rule& n) {
              return n.match == r->match && n.attribute == r->attribute;
            }))
          rules.push_back(std::move(*r));
  // The same knob twice in one run: the last one wins.
  std::vector<Rule> unique;
  for (auto it = rules.rbegin(); it != rules.rend(); ++it)
    if (std::none_of(unique.begin(), unique.end(), [&](const Rule& u) {
          return u.match == it->match && u.attribute == it->attribute;
        }))
      unique.push_back(*it);
  out.file = PersistFile{std::string(kPersistUdevPath), render(std::move(unique), profile), 0644};
  return out;
}

}  // namespace vtune
