#include "engine/txn/apply_txn.h"

#include <map>
#include <set>

#include "appliers/persist_profile.h"
#include "engine/facts/json_text.h"
#include "engine/txn/journal.h"
#include "engine/txn/rollback_items.h"
#include "engine/txn/txn_lock.h"
#include "engine/txn/txn_state.h"
#include "engine/txn/verify_switch.h"

namespace vtune {
namespace {

std::string target_text(const Target& t) {
  return t.path.empty() ? t.describe : t.path;
}

std::string shown(const Json& v) {
  return v.is_null() ? "(absent)" : dump_json(v);
}

JournalRecord record(RecordKind kind, long seq = 0) {
  JournalRecord r;
  r.kind = kind;
  r.seq = seq;
  return r;
}

// A change's report before anything is written: before as the plan read it, after as given.
ItemReport unwritten_report(const ChangeRequest& c, const Json& after) {
  ItemReport r;
  r.rule = c.rule;
  r.knob = format_knob(c.knob);
  r.before = c.current;
  r.after = after;
  return r;
}

// Why an existing transaction keeps this apply from starting, or nullopt.
std::optional<std::string> blocking_reason(const TransactionEntry& t, const HostFs& fs) {
  if (!t.summary)
    return "journal " + fs.describe(t.path) + " cannot be read (" + t.error +
           "), so it counts as an unfinished transaction; see docs/journal.md";
  const TxnSummary& s = *t.summary;
  if (s.state == TxnState::AwaitingConfirm)
    return "transaction " + s.id + " awaits confirmation until " + s.deadline +
           ": run `vtune confirm` to keep it or `vtune rollback` to undo it first";
  if (is_open(s.state))
    return "transaction " + s.id + " did not finish (" + txn_state_name(s.state) +
           "): run `vtune rollback` to complete it first";
  return std::nullopt;
}

class ApplyRun {
 public:
  ApplyRun(const ApplyRequest& req, const TxnHost& host) : req_(req), host_(host) {}
  ApplyResult run();
  ApplyResult preview();

 private:
  bool append(const JournalRecord& r);
  // Applies change `i`; false on a failure (recorded in the report and, past the intent,
  // in the journal).
  bool apply_item(size_t i);
  bool persist();
  bool persist_one(JournalRecord intent);
  void roll_back(const std::string& why, std::string_view reason = "failure");
  // Runs the verification hooks' judge; false when the transaction was rolled back.
  bool verify();
  Result<PersistOutput> plan_persist();
  // The persisted files and links this run's plan would change (STATE/profile.json, the
  // record of who applied last, only when something else changes too).
  std::vector<std::string> persist_changes(const PersistOutput& p) const;
  // The first unfinished transaction's reason to refuse (exit 7), or nullopt; false when the
  // journals cannot be listed (res_ says why).
  bool blocked();

  const ApplyRequest& req_;
  const TxnHost& host_;
  ApplyResult res_;
  std::optional<Journal> journal_;
  long seq_ = 0;
  std::map<long, size_t> report_of_seq_;  // intents of changes -> their report
  std::vector<Target> targets_;           // per change, once resolved
  std::vector<BeforeImage> befores_;      // per change, once captured
  std::optional<PersistOutput> persist_plan_;
  bool journal_broken_ = false;
  bool previewing_ = false;  // dry run: every change counts as written, as desired
};

bool ApplyRun::append(const JournalRecord& r) {
  if (journal_broken_) return false;
  if (Result<void> a = journal_->append(r); !a) {
    journal_broken_ = true;
    res_.message = "the journal could not be written (" + a.error().message() +
                   "); nothing more is written to the host";
    return false;
  }
  return true;
}

bool ApplyRun::apply_item(size_t i) {
  const ChangeRequest& c = req_.changes[i];
  ItemReport& rep = res_.items[i];
  const Applier& applier = host_.applier_for(c.knob.kind);
  auto fail = [&](const std::string& why) {
    rep.state = ItemOutcome::Failed;
    rep.message = why;
    res_.message = rep.knob + ": " + why;
    return false;
  };
  Result<Target> target = applier.resolve(c.knob);
  if (!target) return fail("cannot resolve: " + target.error().message());
  targets_[i] = *target;
  rep.target = target_text(*target);
  if (std::optional<std::string> bad = applier.validate(c.knob, c.desired))
    return fail("refused: " + *bad);
  Result<BeforeImage> before = applier.capture(c.knob);
  if (!before) return fail("cannot capture its before-image: " + before.error().message());
  rep.before = before->value;
  befores_[i] = *before;
  JournalRecord intent = record(RecordKind::Intent, ++seq_);
  intent.knob = rep.knob;
  intent.target = rep.target;
  intent.before = *before;
  intent.value = c.desired;
  report_of_seq_[seq_] = i;
  if (!append(intent)) return fail(res_.message);
  Result<WriteEffect> effect = applier.write(c.knob, c.desired);
  std::string error;
  Result<KnobValue> back = SysError{};
  if (!effect) {
    error = "write failed: " + effect.error().message();
  } else if (back = applier.read(c.knob); !back) {
    error = "written, but it cannot be read back: " + back.error().message();
  } else if (!applier.equal(c.knob, back->value, c.desired)) {
    error = "written, but it reads back " + shown(back->value) + ", not " + shown(c.desired);
  }
  if (!error.empty()) {
    JournalRecord f = record(RecordKind::Failed, seq_);
    f.error = error;
    append(f);
    return fail(error);
  }
  rep.after = back->value;
  rep.activation = effect->activation;
  if (rep.activation.empty() && c.reboot) rep.activation = "reboot (or a reload; the rule says so)";
  JournalRecord done = record(RecordKind::Done, seq_);
  done.value = back->value;
  done.activation = effect->activation;
  if (!append(done)) return fail(res_.message);
  rep.state = ItemOutcome::Applied;
  return true;
}

Result<PersistOutput> ApplyRun::plan_persist() {
  // Each setting is persisted as the host holds it: a written one as it reads back, a compliant
  // one as the plan read it (a value better than the rule's is kept, not lowered). That is the
  // form every later run reads too (a CPU mask in the kernel's 32-bit groups, an RPS flow
  // count rounded up), so a second apply --persist finds every file up to date.
  std::vector<AppliedItem> items;
  for (size_t i = 0; i < req_.changes.size(); ++i)
    if (previewing_ || res_.items[i].state == ItemOutcome::Applied)
      items.push_back(
          {req_.changes[i].rule, req_.changes[i].knob, res_.items[i].after, targets_[i]});
  for (const ChangeRequest& k : req_.keep) {
    Result<Target> t = host_.applier_for(k.knob.kind).resolve(k.knob);
    if (!t) {
      res_.notes.push_back("not persisted: " + format_knob(k.knob) + ": " + t.error().message());
      continue;
    }
    items.push_back({k.rule, k.knob, k.current, *t});
  }
  // Before the journal exists (nothing to change: is any file out of date?) the id is the
  // one a transaction would get.
  return req_.persist(items, journal_ ? journal_->id() : std::string());
}

bool ApplyRun::persist_one(JournalRecord intent) {
  if (intent.before.value == intent.value) return true;  // already holds exactly this
  intent.seq = ++seq_;
  if (!append(intent)) return false;
  std::string error;
  if (Result<void> w = write_file_intent(host_, intent); !w) {
    error = "write failed: " + w.error().message();
  } else if (Result<Json> back = intent_current(host_, intent); !back || *back != intent.value) {
    error = back ? "written, but it reads back differently" : back.error().message();
  }
  if (!error.empty()) {
    JournalRecord f = record(RecordKind::Failed, seq_);
    f.error = error;
    append(f);
    res_.message = "persisting " + intent.target + ": " + error;
    return false;
  }
  JournalRecord done = record(RecordKind::Done, seq_);
  done.value = intent.value;
  if (!append(done)) return false;
  res_.persisted.push_back(intent.target);
  return true;
}

bool ApplyRun::persist() {
  if (!persist_plan_) {
    Result<PersistOutput> p = plan_persist();
    if (!p) {
      res_.message = "persistence: " + p.error().message();
      return false;
    }
    persist_plan_ = std::move(*p);
  }
  for (const PersistFile& f : persist_plan_->files) {
    Result<JournalRecord> intent = file_intent(host_, f);
    if (!intent) {
      res_.message = "persisting " + f.path + ": " + intent.error().message();
      return false;
    }
    if (!persist_one(std::move(*intent))) return false;
  }
  for (const PersistLink& l : persist_plan_->links) {
    Result<JournalRecord> intent = link_intent(host_, l);
    if (!intent) {
      res_.message = "persisting " + l.path + ": " + intent.error().message();
      return false;
    }
    if (!persist_one(std::move(*intent))) return false;
  }
  for (const std::string& n : persist_plan_->notes) res_.notes.push_back(n);
  return true;
}

bool ApplyRun::verify() {
  JournalRecord begin = record(RecordKind::VerifyBegin);
  begin.verification = req_.verify->plan;
  if (!append(begin)) {
    roll_back(res_.message);
    return false;
  }
  std::vector<SwitchItem> items;
  for (size_t i = 0; i < req_.changes.size(); ++i)
    items.push_back({req_.changes[i].knob, befores_[i], req_.changes[i].desired});
  TxnArmSwitch arms(host_, *journal_, std::move(items));
  Result<VerifyDecision> d = req_.verify->judge(arms);
  if (d) res_.verification = d->verification;
  // Whatever the verdict, the host ends on the candidate before the result is journaled: a
  // rollback then restores what the transaction wrote, a commit keeps it.
  if (d && arms.current() != Arm::Candidate)
    if (Result<void> c = arms.switch_to(Arm::Candidate); !c) d = c.error();
  if (!d) {
    roll_back("verification could not switch the values: " + d.error().message());
    return false;
  }
  JournalRecord result = record(RecordKind::VerifyResult);
  result.verification = d->verification;
  if (!append(result)) {
    roll_back(res_.message);
    return false;
  }
  if (!d->roll_back) return true;
  roll_back(d->message, "verification");
  if (res_.outcome == ApplyOutcome::RolledBack) {
    res_.outcome = ApplyOutcome::RolledBackByVerification;
    res_.exit_code = kApplyExitRolledBackByVerification;
  }
  return false;
}

void ApplyRun::roll_back(const std::string& why, std::string_view reason) {
  res_.message = why;
  for (ItemReport& r : res_.items)
    if (r.state == ItemOutcome::Skipped && r.message.empty())
      r.message = "not reached: the transaction stopped at an earlier failure";
  Result<JournalRead> read = read_journal(host_.store.fs, journal_->path());
  if (!read) {
    res_.outcome = ApplyOutcome::RollbackIncomplete;
    res_.exit_code = kApplyExitRollbackIncomplete;
    res_.message += "; the journal cannot be read back to roll back (" + read.error().message() +
                    "): run `vtune rollback`";
    return;
  }
  TxnSummary s = summarize(*read);
  // The journal stopped being writable: the rollback still runs, as the journal allows.
  RollbackRun rb = roll_back_transaction(*journal_, s, host_, /*force=*/true, reason);
  for (const RestoreResult& r : rb.items) {
    auto it = report_of_seq_.find(r.seq);
    if (it == report_of_seq_.end()) continue;
    ItemReport& rep = res_.items[it->second];
    if (r.state == RestoreState::Failed) {
      rep.message +=
          (rep.message.empty() ? "" : "; ") + std::string("rollback failed: ") + r.message;
      continue;
    }
    rep.after = r.before;
    if (rep.state == ItemOutcome::Applied) {
      rep.state = ItemOutcome::RolledBack;
      rep.message = reason == "verification" ? "put back: verification found a regression"
                                             : "put back after the failure";
    } else {
      rep.message += "; put back";
    }
  }
  if (rb.complete) {
    res_.outcome = ApplyOutcome::RolledBack;
    res_.exit_code = kApplyExitRolledBack;
    res_.message += "; everything written was rolled back";
  } else {
    res_.outcome = ApplyOutcome::RollbackIncomplete;
    res_.exit_code = kApplyExitRollbackIncomplete;
    res_.message += "; the rollback did not complete" +
                    (rb.journal_error ? " (" + *rb.journal_error + ")" : std::string()) +
                    ": the host is partly changed; run `vtune rollback " + journal_->id() + "`";
  }
}

bool ApplyRun::blocked() {
  Result<std::vector<TransactionEntry>> all = list_transactions(host_.store.fs, host_.store.dir);
  if (!all) {
    res_.message = "cannot list the journals: " + all.error().message();
    return true;
  }
  for (const TransactionEntry& t : *all)
    if (std::optional<std::string> why = blocking_reason(t, host_.store.fs)) {
      res_.outcome = ApplyOutcome::Refused;
      res_.exit_code = kApplyExitOpenTxn;
      res_.message = *why;
      return true;
    }
  return false;
}

std::vector<std::string> ApplyRun::persist_changes(const PersistOutput& p) const {
  // STATE/profile.json records who applied last and when: it alone changing is no reason
  // for a transaction (a second `apply --persist` has nothing to do).
  const std::string profile_record = profile_record_path(host_.store.dir);
  std::vector<std::string> out;
  bool record_differs = false;
  for (const PersistFile& f : p.files) {
    Result<JournalRecord> i = file_intent(host_, f);
    bool differs = !i || i->before.value != i->value;
    if (f.path == profile_record)
      record_differs = differs;
    else if (differs)
      out.push_back(f.path);
  }
  for (const PersistLink& l : p.links) {
    Result<JournalRecord> i = link_intent(host_, l);
    if (!i || i->before.value != i->value) out.push_back(l.path);
  }
  if (record_differs && !out.empty()) out.push_back(profile_record);
  return out;
}

// What run() would do, without the lock, the journal or any write: the same refusal of an
// unfinished transaction, each change with its target, and the persisted files that differ.
ApplyResult ApplyRun::preview() {
  previewing_ = true;
  if (blocked()) return res_;
  for (const ChangeRequest& c : req_.changes) {
    ItemReport r = unwritten_report(c, c.desired);
    r.message = "dry run: not applied";
    Result<Target> t = host_.applier_for(c.knob.kind).resolve(c.knob);
    if (t) {
      r.target = target_text(*t);
      targets_.push_back(*t);
    } else {
      r.message = "dry run: cannot resolve: " + t.error().message();
      targets_.emplace_back();
    }
    res_.items.push_back(std::move(r));
  }
  if (req_.persist) {
    Result<PersistOutput> p = plan_persist();
    if (!p) {
      res_.message = "persistence: " + p.error().message();
      return res_;
    }
    res_.persisted = persist_changes(*p);
    res_.notes = p->notes;
  }
  bool changes = !res_.items.empty() || !res_.persisted.empty();
  res_.outcome = changes ? ApplyOutcome::DryRun : ApplyOutcome::NothingToDo;
  res_.exit_code = kApplyExitOk;
  return res_;
}

ApplyResult ApplyRun::run() {
  TxnLock lock = acquire_txn_lock(host_.store.fs, host_.store.dir);
  if (!lock.acquired()) {
    res_.outcome = ApplyOutcome::Refused;
    res_.exit_code = lock.error->held_elsewhere ? kApplyExitLockHeld : kApplyExitError;
    res_.message = lock.error->message;
    return res_;
  }
  if (blocked()) return res_;

  for (const ChangeRequest& c : req_.changes) res_.items.push_back(unwritten_report(c, c.current));
  targets_.resize(req_.changes.size());
  befores_.resize(req_.changes.size());
  if (req_.verify && req_.verify->before_changes && !req_.changes.empty())
    if (Result<void> b = req_.verify->before_changes(); !b) {
      res_.message = "verification: " + b.error().message() + "; nothing was changed";
      return res_;
    }
  if (req_.changes.empty()) {
    bool files_differ = false;
    if (req_.persist) {
      Result<PersistOutput> p = plan_persist();
      if (!p) {
        res_.message = "persistence: " + p.error().message();
        return res_;
      }
      files_differ = !persist_changes(*p).empty();
      persist_plan_ = std::move(*p);
    }
    if (!files_differ) {
      res_.outcome = ApplyOutcome::NothingToDo;
      res_.exit_code = kApplyExitOk;
      return res_;
    }
  }

  std::string id = make_txn_id();
  // Two transactions of one process within a millisecond get the same time and pid.
  for (int n = 2; host_.store.fs.exists(journal_path(host_.store.dir, id)); ++n)
    id = make_txn_id() + "-" + std::to_string(n);
  journal_.emplace(host_.store.fs, host_.store.dir, id);
  if (Result<void> o = journal_->open(); !o) {
    res_.message = "cannot create the journal directory: " + o.error().message();
    return res_;
  }
  res_.transaction = journal_->id();
  JournalRecord begin = record(RecordKind::Begin);
  begin.id = journal_->id();
  begin.time = iso_utc(now_epoch());
  begin.profile = req_.profile;
  begin.vtune_version = req_.vtune_version;
  if (!append(begin)) {
    res_.message = "cannot begin the journal: " + res_.message;
    return res_;
  }
  for (size_t i = 0; i < req_.changes.size(); ++i)
    if (!apply_item(i)) {
      roll_back(res_.message);
      return res_;
    }
  if (req_.verify && !req_.changes.empty() && !verify()) return res_;
  if (req_.persist && !persist()) {
    roll_back(res_.message);
    return res_;
  }
  JournalRecord end =
      record(req_.confirm_deadline ? RecordKind::AwaitingConfirm : RecordKind::Commit);
  if (req_.confirm_deadline) {
    end.deadline_epoch = *req_.confirm_deadline;
    end.deadline = iso_utc(static_cast<std::time_t>(*req_.confirm_deadline));
  }
  if (!append(end)) {
    roll_back(res_.message);
    return res_;
  }
  std::set<std::string> seen;
  for (const ItemReport& r : res_.items)
    if (!r.activation.empty() && seen.insert(r.activation).second) {
      std::string knobs;
      for (const ItemReport& o : res_.items)
        if (o.activation == r.activation) knobs += (knobs.empty() ? "" : ", ") + o.knob;
      res_.notes.insert(res_.notes.begin(), "needs " + r.activation + " to take effect: " + knobs);
    }
  res_.awaiting_confirm_until = req_.confirm_deadline;
  res_.outcome = ApplyOutcome::Applied;
  res_.exit_code = kApplyExitOk;
  return res_;
}

}  // namespace

const char* item_outcome_name(ItemOutcome o) {
  switch (o) {
    case ItemOutcome::Applied:
      return "applied";
    case ItemOutcome::Failed:
      return "failed";
    case ItemOutcome::RolledBack:
      return "rolled_back";
    case ItemOutcome::Skipped:
      return "skipped";
  }
  return "skipped";
}

const char* apply_outcome_name(ApplyOutcome o) {
  switch (o) {
    case ApplyOutcome::Applied:
      return "applied";
    case ApplyOutcome::NothingToDo:
      return "nothing_to_do";
    case ApplyOutcome::DryRun:
      return "dry_run";
    case ApplyOutcome::RolledBack:
    case ApplyOutcome::RollbackIncomplete:
      return "rolled_back";
    case ApplyOutcome::RolledBackByVerification:
      return "rolled_back_by_verification";
    case ApplyOutcome::Refused:
      return "refused";
    case ApplyOutcome::Error:
      return "refused";
  }
  return "refused";
}

ApplyResult apply_transaction(const ApplyRequest& req, const TxnHost& host) {
  return ApplyRun(req, host).run();
}

ApplyResult preview_transaction(const ApplyRequest& req, const TxnHost& host) {
  return ApplyRun(req, host).preview();
}

}  // namespace vtune
