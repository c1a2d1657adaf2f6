#include "engine/txn/txn_lock.h"

#include "engine/txn/journal.h"

namespace vtune {

std::string txn_lock_path(std::string_view state_dir) {
  std::string d(state_dir);
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  return (d == "/" ? "" : d) + "/lock";
}

TxnLock acquire_txn_lock(HostFs& fs, std::string_view state_dir) {
  TxnLock out;
  if (Result<void> dir = fs.make_dirs(state_dir, kStateDirMode); !dir) {
    out.error = TxnLockError{false, std::nullopt, dir.error().message()};
    return out;
  }
  std::string path = txn_lock_path(state_dir);
  Result<LockAttempt> attempt = fs.try_lock(path, 0600);
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
  std::string who = e.holder_pid ? "another vtune (pid " + std::to_string(*e.holder_pid) + ")"
                                 : "another vtune (its pid not yet written)";
  e.message = who + " holds " + fs.describe(path);
  out.error = std::move(e);
  return out;
}

}  // namespace vtune
