#pragma once
// The three things a rollback does with a journaled intent, whatever it names: an applier's
// knob ("sysctl:..."), or a file or link that persistence wrote ("file:/etc/...",
// "link:/etc/..."). Values are in the intent's own form: the applier's typed value for a
// knob, the file's bytes (a JSON string) or the link's target for the others; null means
// absent (a file or link that does not exist, a key that is not set).
#include <string>

#include "appliers/persistence.h"
#include "engine/core/json.h"
#include "engine/core/result.h"
#include "engine/txn/journal_record.h"
#include "engine/txn/txn_context.h"

namespace vtune {

// PersistFile and PersistLink (what persistence asks to write at commit) are
// appliers/persistence.h's.

// The current value of what `intent` names.
Result<Json> intent_current(const TxnHost& host, const JournalRecord& intent);
// Whether two values of `intent`'s target are the same (the applier's comparison for a knob,
// exact bytes for a file or link).
bool intent_equal(const TxnHost& host, const JournalRecord& intent, const Json& a, const Json& b);
// Puts back intent.before: the applier's restore for a knob; the file's bytes and mode (or
// its removal, when it did not exist) for a file; the old link (or none) for a link.
Result<void> intent_restore(const TxnHost& host, const JournalRecord& intent);

// An intent (seq not set) for a persisted file or link: its before-image is captured now.
// A link is refused where something other than a link is in the way.
Result<JournalRecord> file_intent(const TxnHost& host, const PersistFile& file);
Result<JournalRecord> link_intent(const TxnHost& host, const PersistLink& link);
// Writes what a file or link intent says (the file atomically, its directory made first).
Result<void> write_file_intent(const TxnHost& host, const JournalRecord& intent);

}  // namespace vtune
