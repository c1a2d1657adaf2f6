#include "engine/txn/txn_state.h"

#include <algorithm>
#include <set>

namespace vtune {

const char* txn_state_name(TxnState s) {
  switch (s) {
    case TxnState::Open:
      return "open";
    case TxnState::Committed:
      return "committed";
    case TxnState::RollingBack:
      return "rolling back";
    case TxnState::RolledBack:
      return "rolled back";
  }
  return "open";
}

TxnSummary summarize(const JournalRead& journal) {
  TxnSummary out;
  out.torn = journal.torn;
  std::set<long> restored;
  for (const JournalRecord& r : journal.records) {
    switch (r.kind) {
      case RecordKind::Begin:
        out.id = r.id;
        break;
      case RecordKind::Intent:
        out.intents.push_back(r);
        break;
      case RecordKind::Commit:
        out.state = TxnState::Committed;
        break;
      case RecordKind::RollbackBegin:
        out.state = TxnState::RollingBack;
        break;
      case RecordKind::Restored:
        restored.insert(r.seq);
        break;
      case RecordKind::RollbackDone:
        out.state = TxnState::RolledBack;
        break;
      case RecordKind::Done:
      case RecordKind::Failed:
        break;
    }
  }
  for (const JournalRecord& i : out.intents)
    if (!restored.count(i.seq)) out.unrestored.push_back(i.seq);
  return out;
}

Result<std::vector<OpenTransaction>> find_open_transactions(const HostFs& fs) {
  std::vector<OpenTransaction> out;
  Result<std::vector<DirEntry>> entries = fs.list_dir(kJournalDir);
  if (!entries) {
    if (entries.error().err == ENOENT) return out;
    return entries.error();
  }
  constexpr std::string_view kExt = ".jsonl";
  for (const DirEntry& e : *entries) {
    if (e.kind != EntryKind::File || e.name.size() <= kExt.size() ||
        e.name.compare(e.name.size() - kExt.size(), kExt.size(), kExt) != 0)
      continue;
    std::string path = std::string(kJournalDir) + "/" + e.name;
    Result<JournalRead> read = read_journal(fs, path);
    if (!read) {
      out.push_back({path, std::nullopt, read.error().message()});
      continue;
    }
    TxnSummary s = summarize(*read);
    if (is_open(s.state)) out.push_back({path, std::move(s), ""});
  }
  return out;
}

}  // namespace vtune
