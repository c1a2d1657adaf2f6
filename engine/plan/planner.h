#pragma once
// The planner: a validated profile run against one host. It collects the facts, evaluates the
// profile's rules with its parameter values, and compares each desired setting with the
// host through the appliers' read side. Nothing is written.
//
// How evaluation results become item states:
//   setting    -> `compliant` when the applier says the host already has it, `change` when
//                 not, `error` when the value cannot be read or fails the applier's validate.
//   advisory   -> `advisory`.
//   check      -> passed: `compliant`; failed: `advisory` carrying the check's message (a
//                 check reports a problem a human has to fix, it sets nothing); undecided
//                 (a fact it needs is unknown): `advisory` saying so, since guessing either
//                 way would be wrong.
//   eval error -> `error`.
//   a selected rule whose when/for matched nothing -> one `not-applicable` item.
// A live waiver turns a `change` or `advisory` item into `waived`; errors are never waived
// (compliance is unknown, not accepted). An expired waiver waives nothing and says so.
#include <string>

#include "appliers/registry.h"
#include "engine/core/warnings.h"
#include "engine/facts/probe.h"
#include "engine/lang/library.h"
#include "engine/plan/plan.h"
#include "engine/profile/profile.h"

namespace vtune {

struct PlanRequest {
  const lang::RuleLibrary& lib;  // checked (lib.checked)
  const Profile& profile;        // loaded and validated
  Date today;                    // decides which waivers expired
};

// The pure part: facts already collected (facts["sysctl"] holding the referenced keys) and
// the appliers reading the same host. Fills everything but root and hostname.
Plan plan_from_facts(const PlanRequest& req, const Facts& facts, const ApplierSet& appliers);

// The whole run on `host`: collects facts (warnings go to `warnings`), adds the sysctls the
// rules read in conditions, opens the appliers and plans. `root` is recorded in the plan.
Plan build_plan(const PlanRequest& req, const Host& host, const ProbeOptions& options,
                const std::string& root, Warnings& warnings);

// The host's name: kernel.hostname, else /etc/hostname, else empty.
std::string host_name(const HostFs& fs);

// Adds every sysctl key the library reads in conditions to facts["sysctl"] (keys the probe
// already read are kept); a key the host lacks stays null.
void preload_sysctls(const lang::RuleLibrary& lib, const HostFs& fs, Facts& facts);

// The report area of a rule, from its id prefix: "net."/"nic." -> network, "mem." -> memory,
// "docker." -> containers, "cpu."/"numa." -> cpu, ... ("other" for an unknown prefix).
std::string rule_area(std::string_view rule_id);

}  // namespace vtune
