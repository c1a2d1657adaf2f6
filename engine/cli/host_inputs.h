#pragma once
// Checks of what the command line names on the host side, before any probing: the --root
// tree must look like a host, and each --vmx file must exist and parse. Without them an empty
// directory audits as "compliant" and a missing .vmx file turns its rules not-applicable
// without a word.
#include <string>
#include <vector>

#include "engine/cli/command.h"

namespace vtune::cli {

// The host paths of --vmx files: on the live host a relative path is the caller's directory.
std::vector<std::string> vmx_host_paths(const GlobalOptions& g, std::vector<std::string> vmx);

// 0 when the inputs are usable; otherwise prints why to stderr and returns the exit code:
// 1 for a --root that holds no host (docs/exit-codes.md), 3 for a --vmx file that cannot be
// read or does not parse (file:line:col diagnostics, as for rules and profiles).
// `for_audit` (plan, check, explain) also refuses a root where almost nothing is readable;
// facts of a partial snapshot are partial, with nulls and warnings.
int check_host_inputs(const GlobalOptions& g, const std::vector<std::string>& vmx,
                      bool for_audit = true);

}  // namespace vtune::cli
