#pragma once
// Undoing one transaction's intents, newest first, drift-aware: what is back at its
// before-image already is left as it is; what still holds the value vtune wrote is restored;
// what holds neither was changed by someone else since, and is left alone (and reported)
// unless forced. The same rule holds for an intent without its done record (a crash between
// the intent and the write's end): the host holds the before-image or the new value, and
// either is handled; anything else is drift.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/txn/journal.h"
#include "engine/txn/txn_context.h"
#include "engine/txn/txn_state.h"

namespace vtune {

enum class RestoreState {
  Restored,   // put back (in a preview: will be)
  Unchanged,  // already held its before-image
  LeftAlone,  // changed by someone since vtune wrote it; not forced
  Failed,     // could not be read or restored
};
const char* restore_state_name(RestoreState s);  // "restored", "unchanged", "left alone", "failed"

struct RestoreResult {
  long seq = 0;
  std::string knob, target;
  Json before, current, written;  // current: what the host held before the rollback touched it
  RestoreState state = RestoreState::Failed;
  std::string message;
};

// What rolling back `intent` would do now, without writing.
RestoreResult assess_intent(const TxnHost& host, const TxnSummary& s, const JournalRecord& intent,
                            bool force);

struct RollbackRun {
  std::vector<RestoreResult> items;  // in the order handled (newest intent first)
  // rollback_done was appended: nothing failed (items left alone are recorded as such).
  bool complete = false;
  std::optional<std::string> journal_error;  // an append failed: the rollback stopped there
};

// Rolls back every intent of `s` that has no restored record, appending rollback_begin
// (with `reason`), a restored, left_alone or restore_failed record per item, and
// rollback_done when none failed.
RollbackRun roll_back_transaction(Journal& journal, const TxnSummary& s, const TxnHost& host,
                                  bool force, std::string_view reason);

}  // namespace vtune
