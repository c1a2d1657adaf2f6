#pragma once
// `vtune apply`'s verification options and the hooks they make (docs/verify.md): the
// profile's [verify] section by default, --verify to force it, --no-verify to skip it,
// --verify-cmd for the user's own workload.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/cli/command.h"
#include "engine/core/host_fs.h"
#include "engine/profile/profile.h"
#include "engine/txn/apply_txn.h"
#include "engine/verify/verifier.h"

namespace vtune::cli {

struct VerifyOpts {
  bool verify = false, no_verify = false;
  std::string command;                            // --verify-cmd
  std::string better;                             // --verify-better
  double budget = verify::kDefaultBudgetSeconds;  // --verify-budget
};

void add_verify_options(CLI::App& sub, VerifyOpts& o);

// The verifier of one apply, and the report it made (for the text output).
struct ApplyVerification {
  std::unique_ptr<verify::Verifier> verifier;
  std::optional<verify::VerificationReport> report;
  bool progress_on = false;
};

// Whether and how this apply verifies; nullopt (with `error` empty) when it does not.
// `error` is set when the options cannot be honoured (the caller refuses, exit 1).
std::optional<ApplyVerification> plan_verification(const VerifyOpts& o, const Profile& profile,
                                                   const std::vector<ChangeRequest>& changes,
                                                   const HostFs& fs, bool live_host,
                                                   bool json_output, std::string& error);

// The hooks apply_transaction calls; `v` must outlive the call.
VerifyHooks verify_hooks(ApplyVerification& v);

}  // namespace vtune::cli
