#pragma once
// What a journal says about its transaction: whether it is still open (apply or rollback
// did not finish: plan, apply and rollback must notice), awaiting a confirm, and which items
// may need restoring.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/host_fs.h"
#include "engine/txn/journal.h"

namespace vtune {

enum class TxnState {
  Open,             // begun, neither committed nor rolled back
  Committed,        // a commit record, and no rollback since
  AwaitingConfirm,  // applied with --confirm-within, neither confirmed nor rolled back yet
  Confirmed,        // awaited a confirm and got it
  RollingBack,      // a rollback_begin without its rollback_done
  RolledBack,       // rollback_done
};
// "open", "committed", "awaiting_confirm", "confirmed", "rolling_back", "rolled_back"
const char* txn_state_name(TxnState s);
// Open transactions: a crash (or a failed restore) left them unfinished; `vtune rollback`
// completes them.
inline bool is_open(TxnState s) {
  return s == TxnState::Open || s == TxnState::RollingBack;
}
// What keeps a new apply from starting: an open transaction, or one awaiting its confirm.
inline bool blocks_apply(TxnState s) {
  return is_open(s) || s == TxnState::AwaitingConfirm;
}
// Whether the transaction's changes are (at least partly) still on the host by its journal.
inline bool is_live(TxnState s) {
  return s != TxnState::RolledBack;
}

struct TxnSummary {
  std::string id;  // from the begin record; empty when even that was torn
  std::string time, profile;
  TxnState state = TxnState::Open;
  std::vector<JournalRecord> intents;  // every intent, in order
  std::set<long> done, failed, restored, left_alone, restore_failed;
  std::map<long, Json> read_back;  // done's value: what the host held after the write
  std::vector<long> unrestored;    // seqs with an intent but no restored record
  std::string deadline;            // awaiting_confirm's, when there was one
  long long deadline_epoch = 0;
  std::optional<std::string> torn;  // as JournalRead::torn
  // Verification (docs/verify.md): verify_begin's plan, replaced by verify_result's verdicts;
  // null when not verified. verify_arm: while verifying (a verify_begin without its result),
  // the arm of the last verify_arm ("baseline" = the before-images, "candidate"): the host
  // holds it, or is part way there (each knob holds its before-image or its new value).
  Json verification;
  std::string verify_arm;
  const JournalRecord* intent(long seq) const;
};
TxnSummary summarize(const JournalRead& journal);

// One journal under STATE/journal: its summary, or why it cannot be read (then it cannot be
// shown to be closed, so it counts as open).
struct TransactionEntry {
  std::string path;
  std::optional<TxnSummary> summary;
  std::string error;
  bool open() const { return !summary || is_open(summary->state); }
  bool blocks_apply() const { return !summary || vtune::blocks_apply(summary->state); }
};
using OpenTransaction = TransactionEntry;

// Every journal, oldest first (ids sort by time). No journal directory means none.
Result<std::vector<TransactionEntry>> list_transactions(const HostFs& fs,
                                                        std::string_view state_dir);
// Those that are open (or unreadable).
Result<std::vector<OpenTransaction>> find_open_transactions(const HostFs& fs,
                                                            std::string_view state_dir);

}  // namespace vtune
