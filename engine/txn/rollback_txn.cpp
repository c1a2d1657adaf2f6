#include "engine/txn/rollback_txn.h"

#include <set>

namespace vtune {
namespace {

// Whether anything of the transaction may still be on the host.
bool needs_rollback(const TxnSummary& s) {
  if (s.state == TxnState::RolledBack) return !s.left_alone.empty();
  return !s.unrestored.empty() || is_open(s.state) || s.state == TxnState::AwaitingConfirm;
}

std::set<std::string> touched(const TxnSummary& s) {
  std::set<std::string> out;
  for (long seq : s.unrestored)
    if (const JournalRecord* i = s.intent(seq)) {
      out.insert(i->knob);
      if (!i->target.empty()) out.insert("target:" + i->target);
    }
  return out;
}

}  // namespace

RollbackSession::RollbackSession(const TxnHost& host, RollbackOptions options)
    : host_(host), opt_(std::move(options)) {
  lock_ = acquire_txn_lock(host_.store.fs, host_.store.dir);
  if (!lock_.acquired()) {
    error_ = lock_.error->message;
    error_code_ = lock_.error->held_elsewhere ? kRollbackExitLockHeld : kRollbackExitError;
    return;
  }
  Result<std::vector<TransactionEntry>> all = list_transactions(host_.store.fs, host_.store.dir);
  if (!all) {
    error_ = "cannot list the journals: " + all.error().message();
    return;
  }
  // The transaction asked for.
  size_t at = all->size();
  for (size_t i = all->size(); i-- > 0;) {
    const TransactionEntry& t = (*all)[i];
    if (opt_.id) {
      if (t.summary ? t.summary->id == *opt_.id
                    : t.path == journal_path(host_.store.dir, *opt_.id)) {
        at = i;
        break;
      }
    } else if (!t.summary || needs_rollback(*t.summary)) {
      at = i;
      break;
    }
  }
  if (at == all->size()) {
    if (opt_.id)
      error_ = "no transaction " + *opt_.id + " in " +
               host_.store.fs.describe(journal_dir(host_.store.dir)) + " (see vtune history)";
    else
      nothing_ = "nothing to roll back: every transaction is rolled back";
    return;
  }
  const TransactionEntry& picked = (*all)[at];
  if (!picked.summary) {
    error_ = "journal " + host_.store.fs.describe(picked.path) +
             " cannot be read: " + picked.error + " (see docs/journal.md)";
    return;
  }
  if (opt_.unconfirmed && picked.summary->state != TxnState::AwaitingConfirm) {
    nothing_ = "transaction " + picked.summary->id + " is " +
               txn_state_name(picked.summary->state) + ": not rolled back for want of a confirm";
    return;
  }
  if (!needs_rollback(*picked.summary)) {
    nothing_ = "transaction " + picked.summary->id + " is already rolled back";
    return;
  }
  // The chain: later transactions still on the host that touched what this one (or one
  // already in the chain) touched.
  std::set<std::string> keys = touched(*picked.summary);
  std::vector<TransactionEntry> later;
  for (size_t i = at + 1; i < all->size(); ++i) {
    const TransactionEntry& t = (*all)[i];
    if (!t.summary) {
      error_ = "journal " + host_.store.fs.describe(t.path) + " cannot be read (" + t.error +
               "), so whether it touched what " + picked.summary->id +
               " did cannot be told; roll it back or move it aside first";
      return;
    }
    if (!needs_rollback(*t.summary)) continue;
    std::set<std::string> k = touched(*t.summary);
    bool hit = false;
    for (const std::string& x : k) hit = hit || keys.count(x);
    if (!hit) continue;
    keys.insert(k.begin(), k.end());
    later.push_back(t);
  }
  for (auto it = later.rbegin(); it != later.rend(); ++it) chain_.push_back(*it);
  chain_.push_back(picked);
}

std::vector<TxnRollbackPlan> RollbackSession::preview() const {
  std::vector<TxnRollbackPlan> out;
  for (const TransactionEntry& t : chain_) {
    const TxnSummary& s = *t.summary;
    TxnRollbackPlan p{s.id, s.profile, txn_state_name(s.state), {}, false};
    for (auto it = s.unrestored.rbegin(); it != s.unrestored.rend(); ++it)
      if (const JournalRecord* i = s.intent(*it))
        p.items.push_back(assess_intent(host_, s, *i, opt_.force));
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<TxnRollbackPlan> RollbackSession::run(int& exit_code) {
  exit_code = kRollbackExitOk;
  std::vector<TxnRollbackPlan> out;
  for (const TransactionEntry& t : chain_) {
    TxnRollbackPlan p{
        t.summary->id, t.summary->profile, txn_state_name(t.summary->state), {}, false};
    Journal journal(host_.store.fs, host_.store.dir, t.summary->id);
    Result<JournalRead> read = journal.resume();
    if (!read) {
      p.items.push_back({0,
                         "",
                         "",
                         {},
                         {},
                         {},
                         RestoreState::Failed,
                         "cannot reopen the journal: " + read.error().message()});
      out.push_back(std::move(p));
      exit_code = kRollbackExitError;
      return out;
    }
    TxnSummary s = summarize(*read);
    std::string reason = opt_.unconfirmed ? "unconfirmed" : "requested";
    RollbackRun rb = roll_back_transaction(journal, s, host_, opt_.force, reason);
    p.items = std::move(rb.items);
    p.complete = rb.complete;
    for (const RestoreResult& r : p.items)
      if (r.state == RestoreState::LeftAlone && exit_code == kRollbackExitOk)
        exit_code = kRollbackExitLeftAlone;
    if (!rb.complete) {
      if (rb.journal_error)
        p.items.push_back({0,
                           "",
                           "",
                           {},
                           {},
                           {},
                           RestoreState::Failed,
                           "the journal could not be written: " + *rb.journal_error});
      out.push_back(std::move(p));
      exit_code = kRollbackExitError;
      return out;  // an older one must not be restored under a newer one left half done
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace vtune
