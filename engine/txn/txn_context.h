#pragma once
// What apply, rollback and confirm share: where the lock and the journals live (the state
// store), and the host they change (the appliers with their write seams, and the HostFs that
// persisted files are written through).
#include <ctime>
#include <functional>
#include <string>
#include <string_view>

#include "appliers/registry.h"
#include "engine/core/host_fs.h"

namespace vtune {

// STATE: /var/lib/vtune through the host's HostFs, or --state-dir through one on "/".
struct TxnStore {
  HostFs& fs;
  std::string dir;
};

struct TxnHost {
  // The applier of each kind: an ApplierSet made with write_fs (and write_ethtool) set, or a
  // test's own.
  std::function<const Applier&(KnobKind)> applier_for;
  HostFs& fs;  // the host's files: persisted configuration
  TxnStore store;
  // The HostFs a persisted file or link is written through: the store's for a path under
  // the state directory (boot.json), the host's for any other.
  HostFs& fs_for(std::string_view path) const;
};

TxnHost make_txn_host(const ApplierSet& appliers, HostFs& fs, TxnStore store);

// A new transaction id: the UTC time to the millisecond and the pid,
// "20260512-101530.123-4242"; ids sort by time.
std::string make_txn_id();
// "2026-05-12T10:15:30Z"
std::string iso_utc(std::time_t t);
std::time_t now_epoch();

}  // namespace vtune
