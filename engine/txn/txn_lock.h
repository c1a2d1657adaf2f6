#pragma once
// The apply lock: one vtune apply (or rollback, or confirm) at a time, by flock on
// STATE/lock. A second one does not wait: it is refused at once, told the holder's pid.
#include <memory>
#include <optional>
#include <string>

#include "engine/core/host_fs.h"

namespace vtune {

std::string txn_lock_path(std::string_view state_dir);  // "STATE/lock"

struct TxnLockError {
  bool held_elsewhere = false;     // another process holds it (else: a system error)
  std::optional<long> holder_pid;  // when held_elsewhere and its pid is written
  std::string message;             // "another vtune apply (pid 1234) holds /var/lib/vtune/lock"
};

struct TxnLock {
  std::unique_ptr<HostLock> lock;     // held while it lives
  std::optional<TxnLockError> error;  // set exactly when lock is not
  bool acquired() const { return lock != nullptr; }
};

// Creates the state directory (0700) if missing and takes the lock (file mode 0600).
TxnLock acquire_txn_lock(HostFs& fs, std::string_view state_dir);

}  // namespace vtune
