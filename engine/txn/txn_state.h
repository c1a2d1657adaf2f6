#pragma once
// What a journal says about its transaction: whether it is still open (apply or rollback
// did not finish: plan, apply and rollback must notice) and which items may need restoring.
#include <optional>
#include <string>
#include <vector>

#include "engine/core/host_fs.h"
#include "engine/txn/journal.h"

namespace vtune {

enum class TxnState {
  Open,         // begun, neither committed nor rolled back
  Committed,    // a commit record, and no rollback since
  RollingBack,  // a rollback_begin without its rollback_done
  RolledBack,   // rollback_done
};
const char* txn_state_name(TxnState s);  // "open", "committed", "rolling back", "rolled back"
inline bool is_open(TxnState s) {
  return s == TxnState::Open || s == TxnState::RollingBack;
}

struct TxnSummary {
  std::string id;  // from the begin record; empty when even that was torn
  TxnState state = TxnState::Open;
  std::vector<JournalRecord> intents;  // every intent, in order
  std::vector<long> unrestored;        // seqs with an intent but no restored record
  std::optional<std::string> torn;     // as JournalRead::torn
};
TxnSummary summarize(const JournalRead& journal);

// A journal under /var/lib/vtune/journal that is open, or that cannot be read (then it
// cannot be shown to be closed, so it counts as open and `error` says why).
struct OpenTransaction {
  std::string path;
  std::optional<TxnSummary> summary;
  std::string error;
};
// Every open transaction, by file name. No journal directory means none.
Result<std::vector<OpenTransaction>> find_open_transactions(const HostFs& fs);

}  // namespace vtune
