#pragma once
// The plan: what a profile wants on this host, item by item, compared with what the host has.
// The planner produces it (planner.h); renderers in engine/report only print it; the
// transaction (a later issue) executes its `change` items through the appliers. Dry-run is
// simply "print the plan".
#include <optional>
#include <string>
#include <vector>

#include "appliers/bound.h"
#include "appliers/knob.h"
#include "engine/core/diagnostics.h"
#include "engine/core/json.h"

namespace vtune {

// Error and Unknown both leave compliance open, for different reasons: Error means reading or
// validating on the host failed (a live /proc/sys file that cannot be read, a value the
// applier refuses); Unknown means the item is not checkable here: a snapshot lacks a file the
// rule needs, or a listing it iterates over (/sys/class/net) could not be read. An error asks
// for a fix; an unknown asks for a better vantage point (root, a complete snapshot).
enum class ItemState { Compliant, Change, Advisory, NotApplicable, Waived, Error, Unknown };
std::string_view item_state_name(ItemState s);  // "compliant", "change", ..., "unknown"

// Where a knob's value comes from: the runtime value, plus the persisted value that wins at
// boot (e.g. an /etc/sysctl.d file), plus any files that set it differently.
struct Provenance {
  Json runtime;                          // the live value (null when unreadable)
  std::optional<std::string> persisted;  // the value the winning file sets, if any
  std::string persisted_file;            // "/etc/sysctl.d/90-local.conf"
  int persisted_line = 0;
  std::vector<std::string> conflicts;  // "/etc/sysctl.d/10-tuning.conf:3 sets 1024"
  // True when the runtime value and the persisted value disagree about the desired value:
  // right now but wrong after a reboot, or the reverse.
  bool reboot_drift = false;
};

struct PlanItem {
  ItemState state = ItemState::Compliant;
  std::string rule;      // rule id
  std::string title;     // rule title
  std::string area;      // network, storage, memory, cpu, virt, containers, vmx
  std::string severity;  // info, low, medium, high
  std::string knob;      // format_knob(*typed_knob); empty for advisories and checks
  // The knob itself, as the evaluator built it (set for every setting item): what the
  // transaction hands the appliers. `knob` is only its display and grouping form.
  std::optional<Knob> typed_knob;
  // Exactly what the knob touches on this host (Applier::resolve's Target::describe: the
  // path, "SIOCETHTOOL SRINGPARAM eth0 rx_pending", ...); empty when resolve fails or the
  // applier cannot write the kind yet.
  std::string target;
  std::string device;  // the NIC/disk/file the item concerns, if any
  Json current;        // the live value (null when unknown or not applicable)
  Json desired;        // the value the rule wants (null for advisories); for a bound, the
                       // value that would be written: current with violators moved
  // How `desired` binds: empty for an exact value; else one Bound per element (a scalar has
  // one), e.g. {AtLeast} for somaxconn >= 65535, {AtMost, AtLeast} for a port range that
  // must cover [1024, 65535]. `bound_value` is the rule's bound itself.
  Bounds bound;
  Json bound_value;
  std::string message;  // why this state: the advice text, the check message, the error
  std::string subject;  // what a check tested: "n = eno1: n.mtu >= 1500" (empty otherwise)
  std::vector<std::string> reasons;  // the facts that made the rule apply
  std::optional<Provenance> provenance;
  std::string waiver_reason;                  // for waived items, and for expired waivers
  std::optional<std::string> waiver_expires;  // ISO date
  bool waiver_expired = false;
  bool reboot = false;     // takes effect only after a reboot or module reload
  std::string disruption;  // none, low, high
};

// A knob two rules wanted differently, and which one won.
struct ResolvedConflict {
  std::string knob;
  std::string winner_rule;
  std::string loser_rule;
  Json winner_value;
  Json loser_value;
  std::string why;  // "priority 20 > 10", "later in the include chain"
};

struct PlanCounts {
  int compliant = 0, change = 0, advisory = 0, waived = 0, not_applicable = 0, error = 0,
      unknown = 0;
  int total() const {
    return compliant + change + advisory + waived + not_applicable + error + unknown;
  }
};

struct Plan {
  std::string profile;
  std::vector<std::string> profile_chain;  // include order, the profile itself last
  std::string root;                        // "/" or the --root directory
  std::string hostname;
  int rules_selected = 0;       // every selected rule is evaluated against the facts
  int rules_applicable = 0;     // of those, the ones whose conditions held on this host
  std::vector<PlanItem> items;  // grouped by area, then rule id, then knob
  std::vector<ResolvedConflict> conflicts;
  PlanCounts counts() const;
};

// Exit codes of `plan` and `check` (docs/exit-codes.md). 3, invalid input, is decided before
// planning; of the rest the first that holds wins:
//   1  an item is an error (reading or validating on the host failed)
//   2  an item would change (drift not waived), even if other items are unknown
//   4  an item is unknown: the audit is incomplete, nothing known is drift
//   0  compliant
inline constexpr int kExitError = 1;
inline constexpr int kExitDrift = 2;
inline constexpr int kExitInvalidInput = 3;
inline constexpr int kExitIncomplete = 4;
int plan_exit_code(const Plan& plan);

inline constexpr int kPlanSchemaVersion = 1;

}  // namespace vtune
