#pragma once
// A knob names one setting the engine can read and write. The rule evaluator builds it from
// a set statement's parts (knob_problem checks it there); the canonical string below is its
// display form and the form of text input (waivers, `vtune explain`, journal records).
//
//   sysctl:KEY                      subject = dotted key
//   sysfs:/sys/PATH                 subject = absolute path (may hold * ? [..] globs)
//   ethtool:IF:GROUP.NAME           subject = interface, field = "ring.rx", "coalesce.rx_usecs",
//                                   "channels.combined", "feature.rx-gro"
//   irq_affinity:IF:QUEUE           subject = interface, field = queue index (decimal)
//   rps:IF:QUEUE  rps_flow:IF:QUEUE  xps:IF:QUEUE
//   daemon_json:a.b.c               subject = key path; "\." is a dot inside a key, "\\" a
//                                   backslash (dockerd's keys never hold either in practice)
//   modprobe:MODULE:PARAM           subject = module ('-' and '_' are the same to kmod; kept
//                                   as written), field = parameter
//   vmx:/path/file.vmx:key          subject = the .vmx path (up to the first ".vmx:"), field =
//                                   the key, which may itself hold ':' ("scsi0:1.virtualSSD")
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vtune {

enum class KnobKind {
  Sysctl,
  Sysfs,
  Ethtool,
  IrqAffinity,
  Rps,
  RpsFlow,
  Xps,
  DaemonJson,
  Modprobe,
  Vmx
};

// Every kind, in the order of the registry and of reports.
inline constexpr KnobKind kAllKnobKinds[] = {
    KnobKind::Sysctl,  KnobKind::Sysfs, KnobKind::Ethtool,    KnobKind::IrqAffinity, KnobKind::Rps,
    KnobKind::RpsFlow, KnobKind::Xps,   KnobKind::DaemonJson, KnobKind::Modprobe,    KnobKind::Vmx};

// The knob prefix: "sysctl", "irq_affinity", "daemon_json", ...
std::string_view knob_kind_name(KnobKind kind);
std::optional<KnobKind> knob_kind_from_name(std::string_view name);

struct Knob {
  KnobKind kind = KnobKind::Sysctl;
  std::string subject;
  std::string field;  // empty for sysctl, sysfs and daemon_json

  bool operator==(const Knob&) const = default;
};

struct KnobParse {
  std::optional<Knob> knob;
  std::string error;  // why the text is not a knob, when `knob` is empty
  explicit operator bool() const { return knob.has_value(); }
};

// Never throws; a malformed knob gives a message naming the part that is wrong.
KnobParse parse_knob(std::string_view text);
// Why a Knob built from parts is not one parse_knob would give (an empty or too long
// interface name, a sysctl key with a field, a sysfs path leaving /sys...), or nullopt when
// it is well formed. Every well-formed knob round-trips: parse_knob(format_knob(k)) == k.
std::optional<std::string> knob_problem(const Knob& knob);
// !knob_problem(knob) (appliers check before they touch a path, since a Knob is a plain
// struct anyone can fill).
bool knob_well_formed(const Knob& knob);
// The canonical string: parse_knob(format_knob(k)) == k for every parsed k.
std::string format_knob(const Knob& knob);

// Report grouping. Other covers sysfs paths and modules no table names.
enum class KnobArea { Network, Storage, Memory, Cpu, Virt, Containers, Vmx, Other };
std::string_view knob_area_name(KnobArea area);
KnobArea knob_area(const Knob& knob);

// The queue index of an irq_affinity/rps/rps_flow/xps knob (validated by parse_knob).
int knob_queue(const Knob& knob);
// The key segments of a daemon_json knob, unescaped: "log-opts.max-size" -> {log-opts,
// max-size}. Empty when the subject is not a well-formed path.
std::vector<std::string> daemon_json_path(std::string_view subject);
// The escaped subject for key segments (the inverse of daemon_json_path).
std::string format_daemon_json_path(const std::vector<std::string>& keys);

}  // namespace vtune
