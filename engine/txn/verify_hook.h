#pragma once
// What apply offers verification (engine/verify, a layer above; docs/verify.md): a moment
// under the lock before any change is written (to measure the baseline of changes that are
// not cheap to switch), and one after every change is written and read back, before
// persistence and the commit. There the transaction is still open (verify_begin is
// journaled), so a crash while verifying leaves a transaction that `vtune rollback`
// completes, and the host can be switched between the before-images and the new values.
#include <functional>
#include <string>

#include "engine/core/json.h"
#include "engine/core/result.h"

namespace vtune {

enum class Arm { Baseline, Candidate };
const char* arm_name(Arm a);  // "baseline", "candidate"

class ArmSwitch {
 public:
  virtual ~ArmSwitch() = default;
  // Journals verify_arm, then puts back every change's before-image (newest first) or writes
  // its new value (in order), reading each back; an error leaves the host partly switched,
  // which the journal covers (each knob holds its before-image or its new value).
  virtual Result<void> switch_to(Arm arm) = 0;
  virtual Arm current() const = 0;
};

struct VerifyDecision {
  Json verification;       // journaled as verify_result; apply's JSON shows it
  bool roll_back = false;  // a regression beyond max_regression
  std::string message;     // why it rolled back (or a summary)
};

struct VerifyHooks {
  Json plan;  // journaled as verify_begin
  // Called under the lock before the journal begins; may be empty.
  std::function<Result<void>()> before_changes;
  // Called with every change written. An error (a switch failed) rolls back as a failure.
  std::function<Result<VerifyDecision>(ArmSwitch&)> judge;
};

}  // namespace vtune
