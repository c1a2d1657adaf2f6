#include "engine/txn/rollback_items.h"

#include <algorithm>

#include "engine/facts/json_text.h"
#include "engine/txn/intent_ops.h"

namespace vtune {
namespace {

std::string shown(const Json& v) {
  if (v.is_null()) return "(absent)";
  if (v.is_string() && v.get_ref<const std::string&>().size() > 80)
    return "(" + std::to_string(v.get_ref<const std::string&>().size()) + " bytes)";
  return dump_json(v);
}

JournalRecord seq_record(RecordKind kind, long seq) {
  JournalRecord r;
  r.kind = kind;
  r.seq = seq;
  return r;
}

}  // namespace

const char* restore_state_name(RestoreState s) {
  switch (s) {
    case RestoreState::Restored:
      return "restored";
    case RestoreState::Unchanged:
      return "unchanged";
    case RestoreState::LeftAlone:
      return "left alone";
    case RestoreState::Failed:
      return "failed";
  }
  return "failed";
}

RestoreResult assess_intent(const TxnHost& host, const TxnSummary& s, const JournalRecord& intent,
                            bool force) {
  RestoreResult out;
  out.seq = intent.seq;
  out.knob = intent.knob;
  out.target = intent.target;
  out.before = intent.before.value;
  out.written = intent.value;
  Result<Json> cur = intent_current(host, intent);
  if (!cur) {
    out.state = force ? RestoreState::Restored : RestoreState::Failed;
    out.message = "cannot read it: " + cur.error().message() +
                  (force ? " (--force: restoring anyway)" : " (--force restores it anyway)");
    return out;
  }
  out.current = *cur;
  if (intent_equal(host, intent, *cur, intent.before.value)) {
    out.state = RestoreState::Unchanged;
    out.message = s.done.count(intent.seq) || s.failed.count(intent.seq)
                      ? "already holds its value from before"
                      : "never written (the apply stopped before the write took effect)";
    return out;
  }
  auto rb = s.read_back.find(intent.seq);
  bool at_written = intent_equal(host, intent, *cur, intent.value) ||
                    (rb != s.read_back.end() && intent_equal(host, intent, *cur, rb->second));
  if (at_written) {
    out.state = RestoreState::Restored;
    return out;
  }
  out.state = force ? RestoreState::Restored : RestoreState::LeftAlone;
  out.message = "now " + shown(*cur) + ", not the " + shown(intent.value) +
                " vtune wrote: changed since by someone else" +
                (force ? " (--force: restoring it)" : "; left alone (--force restores it)");
  return out;
}

RollbackRun roll_back_transaction(Journal& journal, const TxnSummary& s, const TxnHost& host,
                                  bool force, std::string_view reason) {
  RollbackRun run;
  auto append = [&](const JournalRecord& r) {
    if (run.journal_error) return false;
    if (Result<void> a = journal.append(r); !a) {
      run.journal_error = a.error().message();
      return false;
    }
    return true;
  };
  JournalRecord begin;
  begin.kind = RecordKind::RollbackBegin;
  begin.reason = std::string(reason);
  if (!append(begin)) return run;
  bool failed = false;
  std::vector<long> todo = s.unrestored;
  std::sort(todo.rbegin(), todo.rend());
  for (long seq : todo) {
    const JournalRecord* intent = s.intent(seq);
    if (!intent) continue;
    RestoreResult r = assess_intent(host, s, *intent, force);
    if (r.state == RestoreState::Restored) {
      Result<void> put = intent_restore(host, *intent);
      if (!put) {
        r.state = RestoreState::Failed;
        r.message = "restore failed: " + put.error().message();
      } else if (Result<Json> now = intent_current(host, *intent);
                 !now || !intent_equal(host, *intent, *now, intent->before.value)) {
        r.state = RestoreState::Failed;
        r.message = now ? "restored, but it reads back " + shown(*now) + ", not " +
                              shown(intent->before.value)
                        : "restored, but it cannot be read back: " + now.error().message();
      }
    }
    JournalRecord rec = seq_record(RecordKind::Restored, seq);
    switch (r.state) {
      case RestoreState::Restored:
        rec.reason = "restored";
        break;
      case RestoreState::Unchanged:
        rec.reason = "unchanged";
        break;
      case RestoreState::LeftAlone:
        rec = seq_record(RecordKind::LeftAlone, seq);
        rec.value = r.current;
        rec.error = r.message;
        break;
      case RestoreState::Failed:
        rec = seq_record(RecordKind::RestoreFailed, seq);
        rec.error = r.message;
        failed = true;
        break;
    }
    run.items.push_back(std::move(r));
    if (!append(rec)) return run;
  }
  if (failed) return run;
  JournalRecord done;
  done.kind = RecordKind::RollbackDone;
  run.complete = append(done);
  return run;
}

}  // namespace vtune
