#include "engine/txn/txn_state.h"

#include <algorithm>

namespace vtune {

const char* txn_state_name(TxnState s) {
  switch (s) {
    case TxnState::Open:
      return "open";
    case TxnState::Committed:
      return "committed";
    case TxnState::AwaitingConfirm:
      return "awaiting_confirm";
    case TxnState::Confirmed:
      return "confirmed";
    case TxnState::RollingBack:
      return "rolling_back";
    case TxnState::RolledBack:
      return "rolled_back";
  }
  return "open";
}

const JournalRecord* TxnSummary::intent(long seq) const {
  for (const JournalRecord& i : intents)
    if (i.seq == seq) return &i;
  return nullptr;
}

TxnSummary summarize(const JournalRead& journal) {
  TxnSummary out;
  out.torn = journal.torn;
  for (const JournalRecord& r : journal.records) {
    switch (r.kind) {
      case RecordKind::Begin:
        out.id = r.id;
        out.time = r.time;
        out.profile = r.profile;
        break;
      case RecordKind::Intent:
        out.intents.push_back(r);
        break;
      case RecordKind::Done:
        out.done.insert(r.seq);
        out.read_back[r.seq] = r.value;
        break;
      case RecordKind::Failed:
        out.failed.insert(r.seq);
        break;
      case RecordKind::Commit:
        out.state = TxnState::Committed;
        break;
      case RecordKind::AwaitingConfirm:
        out.state = TxnState::AwaitingConfirm;
        out.deadline = r.deadline;
        out.deadline_epoch = r.deadline_epoch;
        break;
      case RecordKind::Confirm:
        out.state = TxnState::Confirmed;
        break;
      case RecordKind::RollbackBegin:
        out.state = TxnState::RollingBack;
        break;
      case RecordKind::Restored:
        out.restored.insert(r.seq);
        out.left_alone.erase(r.seq);
        out.restore_failed.erase(r.seq);
        break;
      case RecordKind::LeftAlone:
        out.left_alone.insert(r.seq);
        break;
      case RecordKind::RestoreFailed:
        out.restore_failed.insert(r.seq);
        break;
      case RecordKind::RollbackDone:
        out.state = TxnState::RolledBack;
        break;
      case RecordKind::VerifyBegin:
        out.verification = r.verification;
        out.verify_arm = "candidate";  // every change has just been written
        break;
      case RecordKind::VerifyArm:
        out.verify_arm = r.reason;
        break;
      case RecordKind::VerifyResult:
        out.verification = r.verification;
        out.verify_arm.clear();
        break;
    }
  }
  for (const JournalRecord& i : out.intents)
    if (!out.restored.count(i.seq)) out.unrestored.push_back(i.seq);
  return out;
}

Result<std::vector<TransactionEntry>> list_transactions(const HostFs& fs,
                                                        std::string_view state_dir) {
  std::vector<TransactionEntry> out;
  std::string dir = journal_dir(state_dir);
  Result<std::vector<DirEntry>> entries = fs.list_dir(dir);
  if (!entries) {
    if (entries.error().err == ENOENT) return out;
    return entries.error();
  }
  constexpr std::string_view kExt = ".jsonl";
  for (const DirEntry& e : *entries) {  // sorted by name: ids sort by time
    if (e.kind != EntryKind::File || e.name.size() <= kExt.size() ||
        e.name.compare(e.name.size() - kExt.size(), kExt.size(), kExt) != 0)
      continue;
    std::string path = dir + "/" + e.name;
    Result<JournalRead> read = read_journal(fs, path);
    if (!read) {
      out.push_back({path, std::nullopt, read.error().message()});
      continue;
    }
    out.push_back({path, summarize(*read), ""});
  }
  // By id (the file name without .jsonl), not by file name: "x-2" must sort after "x".
  auto stem = [](const std::string& p) { return p.substr(0, p.size() - 6); };  // ".jsonl"
  std::stable_sort(out.begin(), out.end(),
                   [&](const TransactionEntry& a, const TransactionEntry& b) {
                     return stem(a.path) < stem(b.path);
                   });
  return out;
}

Result<std::vector<OpenTransaction>> find_open_transactions(const HostFs& fs,
                                                            std::string_view state_dir) {
  Result<std::vector<TransactionEntry>> all = list_transactions(fs, state_dir);
  if (!all) return all.error();
  std::vector<OpenTransaction> out;
  for (TransactionEntry& t : *all)
    if (t.open()) out.push_back(std::move(t));
  return out;
}

}  // namespace vtune
