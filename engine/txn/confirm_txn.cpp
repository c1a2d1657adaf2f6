#include "engine/txn/confirm_txn.h"

#include "engine/txn/journal.h"
#include "engine/txn/txn_lock.h"
#include "engine/txn/txn_state.h"

namespace vtune {

ConfirmResult confirm_transaction(const TxnStore& store, const std::optional<std::string>& id) {
  ConfirmResult out;
  TxnLock lock = acquire_txn_lock(store.fs, store.dir);
  if (!lock.acquired()) {
    out.message = lock.error->message;
    return out;
  }
  Result<std::vector<TransactionEntry>> all = list_transactions(store.fs, store.dir);
  if (!all) {
    out.message = "cannot list the journals: " + all.error().message();
    return out;
  }
  const TxnSummary* picked = nullptr;
  for (auto it = all->rbegin(); it != all->rend() && !picked; ++it) {
    if (!it->summary) continue;
    if (id ? it->summary->id == *id : it->summary->state == TxnState::AwaitingConfirm)
      picked = &*it->summary;
  }
  if (!picked) {
    out.message = id ? "no transaction " + *id : "no transaction awaits confirmation";
    return out;
  }
  out.id = picked->id;
  if (picked->state != TxnState::AwaitingConfirm) {
    out.message = "transaction " + picked->id + " is " + txn_state_name(picked->state) +
                  ": nothing awaits confirmation";
    return out;
  }
  if (now_epoch() >= picked->deadline_epoch) {
    out.message = "transaction " + picked->id + "'s deadline (" + picked->deadline +
                  ") has passed: its watchdog rolls it back (or run `vtune rollback " + picked->id +
                  "`)";
    return out;
  }
  Journal journal(store.fs, store.dir, picked->id);
  if (Result<JournalRead> r = journal.resume(); !r) {
    out.message = "cannot reopen the journal: " + r.error().message();
    return out;
  }
  JournalRecord c;
  c.kind = RecordKind::Confirm;
  c.time = iso_utc(now_epoch());
  if (Result<void> a = journal.append(c); !a) {
    out.message = "cannot write the confirm record: " + a.error().message();
    return out;
  }
  out.exit_code = kConfirmExitOk;
  out.message = "transaction " + picked->id + " confirmed: the change stays";
  return out;
}

}  // namespace vtune
