#pragma once
// `vtune rollback [ID | --last]`: undoes a transaction, or completes one a crash left open.
// Under the lock it picks the transaction and the chain in front of it: every later
// transaction, still on the host, that touched one of its knobs or files (or one of theirs,
// transitively) is rolled back first, newest first, so each restore finds the value its own
// transaction wrote. Rolling back what is already rolled back is a no-op.
#include <optional>
#include <string>
#include <vector>

#include "engine/txn/rollback_items.h"
#include "engine/txn/txn_context.h"
#include "engine/txn/txn_lock.h"
#include "engine/txn/txn_state.h"

namespace vtune {

// Exit codes of rollback (docs/exit-codes.md).
inline constexpr int kRollbackExitOk = 0;
inline constexpr int kRollbackExitError = 1;
inline constexpr int kRollbackExitLeftAlone = 2;
inline constexpr int kRollbackExitLockHeld = 6;

struct RollbackOptions {
  std::optional<std::string> id;  // else the newest transaction still on the host (--last)
  bool force = false;             // restore over drift
  // The commit-confirmed watchdog: roll back only if the transaction still awaits its
  // confirm (a confirmed or rolled back one is left as it is).
  bool unconfirmed = false;
};

struct TxnRollbackPlan {
  std::string id, profile, state;
  std::vector<RestoreResult> items;  // newest intent first; preview or outcome
  bool complete = false;             // (after run) rollback_done appended
};

class RollbackSession {
 public:
  // Takes the lock and picks the chain; check error() / nothing_to_do() before going on.
  RollbackSession(const TxnHost& host, RollbackOptions options);
  // Set when nothing can go on: the lock (exit 6), an unknown id, an unreadable journal.
  const std::optional<std::string>& error() const { return error_; }
  int error_exit_code() const { return error_code_; }
  // Set when there is nothing to roll back, and why ("transaction X is already rolled back").
  const std::optional<std::string>& nothing_to_do() const { return nothing_; }
  // The transactions to roll back, in the order they will be (newer ones of the chain first),
  // each with what would happen to its items (without writing).
  std::vector<TxnRollbackPlan> preview() const;
  // Rolls them back; returns the same list with what happened. Exit code: 0, 2 (items left
  // alone), or 1 (an item could not be restored or the journal not written).
  std::vector<TxnRollbackPlan> run(int& exit_code);

 private:
  TxnHost host_;  // a copy: it holds references to what outlives the session
  RollbackOptions opt_;
  TxnLock lock_;
  std::vector<TransactionEntry> chain_;  // to roll back, in order
  std::optional<std::string> error_, nothing_;
  int error_code_ = kRollbackExitError;
};

}  // namespace vtune
