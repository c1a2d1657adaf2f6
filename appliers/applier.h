#pragma once
// An applier: one per knob kind, behind one interface, so the planner can compare a desired
// setting with the host, and the transaction (engine/txn) can change it and put it back,
// without knowing where the value lives. Every applier reads and writes through the seams in
// ApplierContext (HostFs, EthtoolPort), never the real host directly, so the whole engine,
// writes included, runs on fixture roots and on MemoryHostFs.
#include <cerrno>
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
  Json value;
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
  // The same seams, writable; null for a read-only run (plan, check), where write and
  // restore fail with EROFS. When set they are the objects `fs` and `ethtool` refer to.
  HostFs* write_fs = nullptr;
  EthtoolPort* write_ethtool = nullptr;
};

// Exactly what a knob touches on this host, so a plan item and its journal record name it.
struct Target {
  std::string path;    // the file written ("/proc/sys/net/core/somaxconn",
                       // "/sys/block/sda/queue/scheduler", "/etc/docker/daemon.json");
                       // empty for ethtool
  std::string device;  // the interface, disk or IRQ, when there is one
  // One line for people: the path, or "SIOCETHTOOL SRINGPARAM eth0 rx_pending".
  std::string describe;
};

// A file as it was before the transaction touched it, restored byte for byte.
struct FileImage {
  std::string path;
  bool existed = false;
  std::string bytes;
  unsigned mode = 0644;
  bool operator==(const FileImage&) const = default;
};

// What an applier needs to put a knob back exactly as it was.
struct BeforeImage {
  Json value;                    // the typed value, as read() gives it (null: not set)
  std::string raw;               // the exact text read, for file-backed kinds (what restore writes)
  std::vector<FileImage> files;  // config files the write will rewrite (daemon.json, .vmx,
                                 // the vtune-owned modprobe.d file)
  bool operator==(const BeforeImage&) const = default;
};

// What a write means for the host beyond the value itself.
struct WriteEffect {
  // Empty when the value is live at once; otherwise what makes it take effect: "reboot",
  // "module reload (modprobe -r MOD && modprobe MOD) or reboot", "dockerd restart",
  // "dockerd reload (SIGHUP)", "VM power cycle".
  std::string activation;
  // One more line for the report, when the write left something beside the value: "the
  // previous /etc/docker/daemon.json is kept as /etc/docker/daemon.json.vtune-bak".
  std::string note;
};

class Applier {
 public:
  virtual ~Applier() = default;
  // The current value; a failure carries the errno and the path it concerned.
  virtual Result<KnobValue> read(const Knob& knob) const = 0;
  // Why `desired` cannot be applied (out of the kernel's limits, not an offered scheduler,
  // above the ring maximum, not a cpulist of online CPUs...), or nullopt when it can.
  virtual std::optional<std::string> validate(const Knob& knob, const Json& desired) const = 0;
  // Whether the host already has `desired`, comparing the way the kernel means the value
  // (CPU sets as sets, integers as numbers, whitespace normalised).
  virtual bool equal(const Knob& knob, const Json& current, const Json& desired) const = 0;
  // Where the persistent value comes from, for kinds that have one (sysctl, modprobe, vmx);
  // nullopt for kinds whose only state is the runtime one.
  virtual std::optional<Persisted> persisted(const Knob&) const { return std::nullopt; }

  // --- the write side (engine/txn drives these; see docs/journal.md) ---
  // The exact path, interface or IRQ the knob touches, or why it cannot be resolved (an
  // interface that is gone, a sysfs path outside /sys).
  virtual Result<Target> resolve(const Knob& knob) const = 0;
  // The before-image: the raw current value plus the bytes of every file write() rewrites.
  virtual Result<BeforeImage> capture(const Knob& knob) const = 0;
  // Writes `desired` (already validated). A refusal names the device and the field:
  // "eth0: channels.combined = 64 refused (max 8): Invalid argument".
  virtual Result<WriteEffect> write(const Knob& knob, const Json& desired) const = 0;
  // Puts back what `before` holds: the raw value, and every file image byte for byte (a
  // file that did not exist is removed).
  virtual Result<void> restore(const Knob& knob, const BeforeImage& before) const = 0;
};

}  // namespace vtune
