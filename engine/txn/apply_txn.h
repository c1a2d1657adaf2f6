#pragma once
// `vtune apply` as a transaction (docs/apply.md, docs/journal.md): under the lock, refusing
// while another transaction is unfinished, each change is journaled (intent, durable) before
// it is written, read back and recorded done; a failure rolls back, newest first, what was
// written (the failed item too: its write may have half happened). Persisted files are
// written at commit, journaled like the rest. With a confirm deadline the transaction ends
// awaiting a confirm instead of committed.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "appliers/knob.h"
#include "engine/core/json.h"
#include "engine/txn/intent_ops.h"
#include "engine/txn/txn_context.h"
#include "engine/txn/verify_hook.h"

namespace vtune {

// Exit codes of apply (docs/exit-codes.md).
inline constexpr int kApplyExitOk = 0;
inline constexpr int kApplyExitError = 1;
inline constexpr int kApplyExitInvalidInput = 3;
inline constexpr int kApplyExitRolledBack = 5;
inline constexpr int kApplyExitLockHeld = 6;
inline constexpr int kApplyExitOpenTxn = 7;
inline constexpr int kApplyExitRollbackIncomplete = 8;
inline constexpr int kApplyExitRolledBackByVerification = 9;

// One setting to apply: a plan `change` item (or, for --persist, a compliant one to keep).
struct ChangeRequest {
  std::string rule;
  Knob knob;
  Json desired;
  Json current;         // as the plan read it (shown when the item is never reached)
  bool reboot = false;  // the rule says it takes effect only after a reboot or reload
};

// A setting that holds after the transaction: what persistence is planned from.
struct AppliedItem {
  std::string rule;
  Knob knob;
  Json value;
  Target target;
};
// The files and links to write at commit (appliers/persistence.h's plan), for the settings
// that hold and the transaction's id.
using PersistOutput = PersistPlan;
using PersistPlanner = std::function<Result<PersistOutput>(const std::vector<AppliedItem>&,
                                                           const std::string& transaction)>;

struct ApplyRequest {
  std::vector<ChangeRequest> changes;
  std::vector<ChangeRequest> keep;  // already compliant: persisted with the rest, not written
  std::string profile;
  PersistPlanner persist;                     // empty: nothing is persisted
  std::optional<long long> confirm_deadline;  // epoch seconds: end awaiting a confirm
  std::string vtune_version;
  // Verification (docs/verify.md): judged after every change is written, before persistence
  // and the commit; a regression it finds rolls the transaction back.
  std::optional<VerifyHooks> verify;
};

enum class ItemOutcome { Applied, Failed, RolledBack, Skipped };
const char* item_outcome_name(ItemOutcome o);  // "applied", "failed", "rolled_back", "skipped"

struct ItemReport {
  std::string rule, knob, target;
  Json before, after;  // after: what the host holds now (read back, or restored)
  ItemOutcome state = ItemOutcome::Skipped;
  std::string message, activation;
};

enum class ApplyOutcome {
  Applied,
  NothingToDo,
  DryRun,  // preview_transaction: something would change
  RolledBack,
  RollbackIncomplete,
  RolledBackByVerification,
  Refused,
  Error
};
// "applied", ..., "rolled_back_by_verification", "refused"
const char* apply_outcome_name(ApplyOutcome o);

struct ApplyResult {
  ApplyOutcome outcome = ApplyOutcome::Error;
  int exit_code = kApplyExitError;
  std::string transaction;  // the id, when a journal was begun
  std::vector<ItemReport> items;
  std::vector<std::string> persisted;  // paths written at commit
  std::vector<std::string> notes;      // activation and persistence notes
  std::string message;                 // why it was refused, failed or rolled back
  std::optional<long long> awaiting_confirm_until;
  Json verification;  // the judge's verify_result; null when not verified
};

ApplyResult apply_transaction(const ApplyRequest& req, const TxnHost& host);

// `apply --dry-run`: what apply_transaction would do, changing nothing (no lock, no journal,
// no write). It refuses an unfinished transaction as apply does (exit 7); each change is
// reported with its target, before and desired value; with a persist planner, `persisted`
// lists the files and links that would be written. Outcome DryRun, or NothingToDo.
ApplyResult preview_transaction(const ApplyRequest& req, const TxnHost& host);

}  // namespace vtune
