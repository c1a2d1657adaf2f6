#pragma once
// The read side of an applier: one per knob kind, behind one interface, so the planner can
// compare a desired setting with the host without knowing where the value lives. Every
// applier reads through the seams in ApplierContext (HostFs, EthtoolPort), never the real
// host directly, so the whole planner runs on fixture roots. Writing comes later.
#include <optional>
#include <string>
#include <vector>

#include "appliers/knob.h"
#include "engine/core/ethtool_port.h"
#include "engine/core/host_fs.h"
#include "engine/core/result.h"
#include "engine/facts/facts.h"

namespace vtune {

// The current value of a knob. `value` is typed: a string for sysctl, sysfs, modprobe and
// vmx; an int (ring, channels, coalesce, rps_flow) or a bool (feature) for ethtool; a
// cpulist or mask string for irq_affinity/rps/xps; any JSON for daemon_json. null means
// "not set" (a daemon.json key or .vmx key that is absent, a module that is not loaded).
// `raw` is the text as read, when it differs usefully (the whole bracket-choice line, the
// kernel's tab-separated tcp_rmem).
struct KnobValue {
  Facts value;
  std::string raw;
};

// One assignment of a persisted setting: "/etc/sysctl.d/10-tuning.conf", 3, "1024".
struct Assignment {
  std::string file;
  int line = 0;
  std::string value;
};

// Where a persistent value comes from. `value` is empty when nothing persists the knob
// (then file is empty and line 0). `conflicts` are the other assignments, in the files that
// apply, whose value differs from the winner. `unreadable` names files or directories that
// could not be read, so the answer may be incomplete.
struct Persisted {
  std::optional<std::string> value;
  std::string file;
  int line = 0;
  std::vector<Assignment> conflicts;
  std::vector<std::string> unreadable;
};

struct ApplierContext {
  const HostFs& fs;
  const EthtoolPort& ethtool;
  const Facts& facts;  // the collected facts (nics[].irqs, docker.daemon_json_path, ...)
};

class Applier {
 public:
  virtual ~Applier() = default;
  // The current value; a failure carries the errno and the path it concerned.
  virtual Result<KnobValue> read(const Knob& knob) const = 0;
  // Why `desired` cannot be applied (out of the kernel's limits, not an offered scheduler,
  // above the ring maximum, not a cpulist of online CPUs...), or nullopt when it can.
  virtual std::optional<std::string> validate(const Knob& knob, const Facts& desired) const = 0;
  // Whether the host already has `desired`, comparing the way the kernel means the value
  // (CPU sets as sets, integers as numbers, whitespace normalised).
  virtual bool equal(const Knob& knob, const Facts& current, const Facts& desired) const = 0;
  // Where the persistent value comes from, for kinds that have one (sysctl, modprobe, vmx);
  // nullopt for kinds whose only state is the runtime one.
  virtual std::optional<Persisted> persisted(const Knob&) const { return std::nullopt; }
};

}  // namespace vtune
