#include "engine/txn/txn_lock.h"

namespace vtune {

TxnLock acquire_txn_lock(HostFs& fs) {
  TxnLock out;
  if (Result<void> dir = fs.make_dirs("/var/lib/vtune", 0700); !dir) {
    out.error = TxnLockError{false, std::nullopt, dir.error().message()};
    return out;
  }
  Result<LockAttempt> attempt = fs.try_lock(kTxnLockPath, 0600);
  if (!attempt) {
    out.error = TxnLockError{false, std::nullopt, attempt.error().message()};
    return out;
  }
  if (attempt->acquired()) {
    out.lock = std::move(attempt->lock);
    return out;
  }
  TxnLockError e{true, attempt->holder_pid, ""};
  // The holder writes its pid just after locking, so a racing reader may find none yet.
  std::string who = e.holder_pid ? "another vtune apply (pid " + std::to_string(*e.holder_pid) + ")"
                                 : "another vtune apply (its pid not yet written)";
  e.message = who + " holds " + std::string(kTxnLockPath);
  out.error = std::move(e);
  return out;
}

}  // namespace vtune
