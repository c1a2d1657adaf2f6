#pragma once
// The apply lock: one vtune apply (or rollback) at a time, by flock on /var/lib/vtune/lock.
// A second one does not wait: it is refused at once, told the holder's pid.
#include <memory>
#include <optional>
#include <string>

#include "engine/core/host_fs.h"

namespace vtune {

inline constexpr std::string_view kTxnLockPath = "/var/lib/vtune/lock";

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

// Creates /var/lib/vtune (0700) if missing and takes the lock (file mode 0600).
TxnLock acquire_txn_lock(HostFs& fs);

}  // namespace vtune
