// apply_transaction on MemoryHostFs with a test applier (tests/unit/txn_test_host.h): the
// happy path and its journal, a refused write and a wrong read-back rolled back, the lock
// and an unfinished transaction refused, persisted files journaled and restored, and
// commit-confirmed's states.
#include <doctest/doctest.h>

#include "engine/txn/apply_txn.h"
#include "engine/txn/confirm_txn.h"
#include "engine/txn/history.h"
#include "engine/txn/journal.h"
#include "engine/txn/rollback_txn.h"
#include "engine/txn/txn_state.h"
#include "tests/unit/txn_test_host.h"

namespace vtune {
namespace {

using test::TxnBench;

std::vector<RecordKind> kinds_of(const MemoryHostFs& fs, const std::string& id) {
  Result<JournalRead> r = read_journal(fs, journal_path(kStateDir, id));
  REQUIRE(r.ok());
  std::vector<RecordKind> out;
  for (const JournalRecord& rec : r->records) out.push_back(rec.kind);
  return out;
}

TxnSummary summary_of(const MemoryHostFs& fs, const std::string& id) {
  Result<JournalRead> r = read_journal(fs, journal_path(kStateDir, id));
  REQUIRE(r.ok());
  return summarize(*r);
}

using K = RecordKind;

TEST_CASE("txn apply: each change journaled, written, read back, done; then commit") {
  TxnBench b;
  b.sysctl("net.core.somaxconn", "4096");
  b.sysctl("vm.swappiness", "60");
  b.applier.activation["vm.swappiness"] = "reboot";
  ApplyRequest req;
  req.profile = "web";
  req.changes = {TxnBench::change("net.core.somaxconn", "65535"),
                 TxnBench::change("vm.swappiness", "10")};
  ApplyResult res = apply_transaction(req, b.host());
  REQUIRE_MESSAGE(res.outcome == ApplyOutcome::Applied, res.message);
  CHECK(res.exit_code == 0);
  CHECK(b.value("net.core.somaxconn") == "65535");
  CHECK(b.value("vm.swappiness") == "10");
  REQUIRE(res.items.size() == 2);
  CHECK(res.items[0].state == ItemOutcome::Applied);
  CHECK(res.items[0].before == Json("4096"));
  CHECK(res.items[0].after == Json("65535"));
  CHECK(res.items[0].target == "/proc/sys/net/core/somaxconn");
  CHECK(res.items[1].activation == "reboot");
  REQUIRE(res.notes.size() == 1);
  CHECK(res.notes[0] == "needs reboot to take effect: sysctl:vm.swappiness");
  CHECK(kinds_of(b.fs, res.transaction) ==
        std::vector<K>{K::Begin, K::Intent, K::Done, K::Intent, K::Done, K::Commit});
  // The intent is durable before the write: the append comes first in the op log.
  std::vector<FsOpRecord> w = b.fs.writes();
  auto first_write =
      std::find_if(w.begin(), w.end(), [](const FsOpRecord& r) { return r.op == FsOp::Write; });
  REQUIRE(first_write != w.end());
  REQUIRE(first_write != w.begin());
  CHECK((first_write - 1)->op == FsOp::Append);
  CHECK((first_write - 1)->data.find("\"kind\":\"intent\"") != std::string::npos);
  TxnSummary s = summary_of(b.fs, res.transaction);
  CHECK(s.state == TxnState::Committed);
  CHECK(s.intents[0].before.raw == "4096\n");
  CHECK(s.profile == "web");

  // Nothing to change: no journal at all.
  ApplyRequest none;
  ApplyResult again = apply_transaction(none, b.host());
  CHECK(again.outcome == ApplyOutcome::NothingToDo);
  CHECK(again.exit_code == 0);
  CHECK(again.transaction.empty());
  CHECK(read_history(b.fs, kStateDir)->size() == 1);
}

TEST_CASE("txn apply: a refused write rolls back what was written, in reverse; exit 5") {
  TxnBench b;
  b.sysctl("a", "1");
  b.sysctl("b", "2");
  b.sysctl("c", "3");
  b.fs.fail_writes_to("/proc/sys/c", EINVAL);
  ApplyRequest req;
  req.changes = {TxnBench::change("a", "10"), TxnBench::change("b", "20"),
                 TxnBench::change("c", "30"), TxnBench::change("d", "40")};
  ApplyResult res = apply_transaction(req, b.host());
  CHECK(res.outcome == ApplyOutcome::RolledBack);
  CHECK(res.exit_code == kApplyExitRolledBack);
  CHECK(b.value("a") == "1\n");  // the raw before-image, byte for byte
  CHECK(b.value("b") == "2\n");
  CHECK(b.value("c") == "3\n");
  REQUIRE(res.items.size() == 4);
  CHECK(res.items[0].state == ItemOutcome::RolledBack);
  CHECK(res.items[1].state == ItemOutcome::RolledBack);
  CHECK(res.items[2].state == ItemOutcome::Failed);
  CHECK(res.items[2].message.find("Invalid argument") != std::string::npos);
  CHECK(res.items[3].state == ItemOutcome::Skipped);
  CHECK(res.message.find("everything written was rolled back") != std::string::npos);
  CHECK(kinds_of(b.fs, res.transaction) ==
        std::vector<K>{K::Begin, K::Intent, K::Done, K::Intent, K::Done, K::Intent, K::Failed,
                       K::RollbackBegin, K::Restored, K::Restored, K::Restored, K::RollbackDone});
  // Newest first: c (never written: unchanged), then b, then a.
  Result<JournalRead> r = read_journal(b.fs, journal_path(kStateDir, res.transaction));
  CHECK(r->records[8].seq == 3);
  CHECK(r->records[8].reason == "unchanged");
  CHECK(r->records[9].seq == 2);
  CHECK(r->records[10].seq == 1);
  CHECK(summary_of(b.fs, res.transaction).state == TxnState::RolledBack);
  // Not open: the next apply may start.
  b.fs.clear_faults();
  ApplyResult next = apply_transaction(req, b.host());
  CHECK(next.outcome != ApplyOutcome::Refused);
}

TEST_CASE("txn apply: a read-back that differs fails the item, which is restored too") {
  TxnBench b;
  b.sysctl("a", "1");
  b.sysctl("b", "2");
  SUBCASE("the kernel ignored the write") {
    b.applier.sticky.insert("b");
  }
  SUBCASE("the kernel kept another value") {
    b.applier.rewrite["b"] = "7";
  }
  ApplyRequest req;
  req.changes = {TxnBench::change("a", "10"), TxnBench::change("b", "20")};
  ApplyResult res = apply_transaction(req, b.host());
  CHECK(res.exit_code == kApplyExitRolledBack);
  CHECK(res.items[1].state == ItemOutcome::Failed);
  CHECK(res.items[1].message.find("reads back") != std::string::npos);
  CHECK(b.value("a") == "1\n");
  CHECK(b.value("b") == "2\n");
}

TEST_CASE("txn apply: a restore that fails leaves the transaction open; exit 8") {
  TxnBench b;
  b.sysctl("a", "1");
  b.sysctl("b", "2");
  b.fs.fail_writes_to("/proc/sys/b", EIO);
  b.applier.fail_restore.insert("a");
  ApplyRequest req;
  req.changes = {TxnBench::change("a", "10"), TxnBench::change("b", "20")};
  TxnHost host = b.host();
  ApplyResult res = apply_transaction(req, host);
  CHECK(res.outcome == ApplyOutcome::RollbackIncomplete);
  CHECK(res.exit_code == kApplyExitRollbackIncomplete);
  CHECK(res.message.find("vtune rollback " + res.transaction) != std::string::npos);
  TxnSummary s = summary_of(b.fs, res.transaction);
  CHECK(s.state == TxnState::RollingBack);
  CHECK(is_open(s.state));
  CHECK(b.value("a") == "10");
  // The next apply is refused until rollback completes it.
  b.fs.clear_faults();
  b.applier.fail_restore.clear();
  ApplyResult next = apply_transaction(req, b.host());
  CHECK(next.exit_code == kApplyExitOpenTxn);
  RollbackSession rb(b.host(), RollbackOptions{});
  REQUIRE_FALSE(rb.error());
  int code = -1;
  rb.run(code);
  CHECK(code == 0);
  CHECK(b.value("a") == "1\n");
}

TEST_CASE("txn apply: refused while the lock is held (exit 6) or a transaction is open (7)") {
  TxnBench b;
  b.sysctl("a", "1");
  ApplyRequest req;
  req.changes = {TxnBench::change("a", "10")};
  SUBCASE("lock") {
    b.fs.hold_lock_elsewhere("/var/lib/vtune/lock", 4321);
    ApplyResult res = apply_transaction(req, b.host());
    CHECK(res.exit_code == kApplyExitLockHeld);
    CHECK(res.message.find("pid 4321") != std::string::npos);
  }
  SUBCASE("open transaction") {
    Journal j(b.fs, kStateDir, "20260101-000000.000-1");
    REQUIRE(j.open().ok());
    JournalRecord begin;
    begin.id = "20260101-000000.000-1";
    REQUIRE(j.append(begin).ok());
    ApplyResult res = apply_transaction(req, b.host());
    CHECK(res.exit_code == kApplyExitOpenTxn);
    CHECK(res.message.find("vtune rollback") != std::string::npos);
  }
  SUBCASE("unreadable journal") {
    b.fs.add_file("/var/lib/vtune/journal/x.jsonl", "{bad\n{bad\n");
    ApplyResult res = apply_transaction(req, b.host());
    CHECK(res.exit_code == kApplyExitOpenTxn);
  }
  CHECK(b.value("a") == "1\n");
}

TEST_CASE("txn apply: persisted files are journaled at commit and rolled back byte for byte") {
  TxnBench b;
  b.sysctl("a", "1");
  const std::string kOld = std::string("# site\n\xff\n", 9);
  b.fs.add_file("/etc/sysctl.d/90-vtune.conf", kOld, 0640);
  std::vector<AppliedItem> seen;
  ApplyRequest req;
  req.changes = {TxnBench::change("a", "10")};
  req.keep = {TxnBench::change("k", "5")};
  req.persist = [&](const std::vector<AppliedItem>& items,
                    const std::string&) -> Result<PersistOutput> {
    seen = items;
    PersistOutput out;
    out.files = {{"/etc/sysctl.d/90-vtune.conf", "a = 10\n", 0644},
                 {"/etc/udev/rules.d/90-vtune.rules", "ACTION==\"add\"\n", 0644},
                 {"/var/lib/vtune/boot.json", "{}\n", 0600}};
    out.links = {{"/etc/systemd/system/multi-user.target.wants/vtune-apply.service",
                  "/usr/lib/systemd/system/vtune-apply.service"}};
    out.notes = {"persisted"};
    return out;
  };
  ApplyResult res = apply_transaction(req, b.host());
  REQUIRE_MESSAGE(res.outcome == ApplyOutcome::Applied, res.message);
  REQUIRE(seen.size() == 2);  // the applied change and the kept (compliant) one
  CHECK(seen[0].target.path == "/proc/sys/a");
  CHECK(seen[1].knob.subject == "k");
  CHECK(res.persisted.size() == 4);
  CHECK(b.fs.files().at("/etc/sysctl.d/90-vtune.conf") == "a = 10\n");
  CHECK(b.fs.mode("/etc/sysctl.d/90-vtune.conf")->perms == 0640);  // the site's mode kept
  CHECK(b.fs.read_link("/etc/systemd/system/multi-user.target.wants/vtune-apply.service").ok());

  // A second run with the files already in place writes none of them again.
  ApplyRequest again = req;
  again.changes.clear();
  ApplyResult same = apply_transaction(again, b.host());
  CHECK(same.outcome == ApplyOutcome::NothingToDo);

  RollbackSession rb(b.host(), RollbackOptions{res.transaction});
  REQUIRE_FALSE(rb.error());
  int code = -1;
  rb.run(code);
  CHECK(code == 0);
  CHECK(b.fs.files().at("/etc/sysctl.d/90-vtune.conf") == kOld);
  CHECK(b.fs.mode("/etc/sysctl.d/90-vtune.conf")->perms == 0640);
  CHECK_FALSE(b.fs.exists("/etc/udev/rules.d/90-vtune.rules"));
  CHECK_FALSE(b.fs.exists("/var/lib/vtune/boot.json"));
  CHECK_FALSE(b.fs.mode("/etc/systemd/system/multi-user.target.wants/vtune-apply.service").ok());
  CHECK(b.value("a") == "1\n");
}

TEST_CASE("txn apply: a persisted file that cannot be written rolls everything back") {
  TxnBench b;
  b.sysctl("a", "1");
  b.fs.fail_writes_to("/etc/udev/rules.d/90-vtune.rules", ENOSPC);
  ApplyRequest req;
  req.changes = {TxnBench::change("a", "10")};
  req.persist = [&](const std::vector<AppliedItem>&, const std::string&) -> Result<PersistOutput> {
    PersistOutput out;
    out.files = {{"/etc/sysctl.d/90-vtune.conf", "a = 10\n", 0644},
                 {"/etc/udev/rules.d/90-vtune.rules", "x\n", 0644}};
    return out;
  };
  ApplyResult res = apply_transaction(req, b.host());
  CHECK(res.exit_code == kApplyExitRolledBack);
  CHECK(b.value("a") == "1\n");
  CHECK_FALSE(b.fs.exists("/etc/sysctl.d/90-vtune.conf"));
}

TEST_CASE("txn confirm: awaiting blocks apply; confirm keeps it; unconfirmed rolls back") {
  TxnBench b;
  b.sysctl("a", "1");
  ApplyRequest req;
  req.changes = {TxnBench::change("a", "10")};
  req.confirm_deadline = now_epoch() + 600;
  ApplyResult res = apply_transaction(req, b.host());
  REQUIRE(res.outcome == ApplyOutcome::Applied);
  CHECK(res.awaiting_confirm_until == req.confirm_deadline);
  CHECK(summary_of(b.fs, res.transaction).state == TxnState::AwaitingConfirm);
  ApplyRequest other;
  other.changes = {TxnBench::change("a", "11")};
  ApplyResult blocked = apply_transaction(other, b.host());
  CHECK(blocked.exit_code == kApplyExitOpenTxn);
  CHECK(blocked.message.find("vtune confirm") != std::string::npos);

  SUBCASE("confirmed") {
    ConfirmResult c = confirm_transaction(TxnStore{b.fs, std::string(kStateDir)}, std::nullopt);
    CHECK(c.exit_code == 0);
    CHECK(c.id == res.transaction);
    CHECK(summary_of(b.fs, res.transaction).state == TxnState::Confirmed);
    // The watchdog then finds nothing to do.
    CHECK(RollbackSession(b.host(), RollbackOptions{res.transaction, false, true}).nothing_to_do());
    CHECK(b.value("a") == "10");
    // And a second confirm has nothing to confirm.
    CHECK(confirm_transaction(TxnStore{b.fs, std::string(kStateDir)}, std::nullopt).exit_code == 1);
  }
  SUBCASE("not confirmed") {
    {
      RollbackSession rb(b.host(), RollbackOptions{res.transaction, false, true});
      REQUIRE_FALSE(rb.nothing_to_do());
      int code = -1;
      rb.run(code);
      CHECK(code == 0);
    }
    CHECK(b.value("a") == "1\n");
    CHECK(confirm_transaction(TxnStore{b.fs, std::string(kStateDir)}, res.transaction).exit_code ==
          1);
  }
}

TEST_CASE("txn confirm: a passed deadline cannot be confirmed") {
  TxnBench b;
  b.sysctl("a", "1");
  ApplyRequest req;
  req.changes = {TxnBench::change("a", "10")};
  req.confirm_deadline = now_epoch() - 1;
  ApplyResult res = apply_transaction(req, b.host());
  ConfirmResult c = confirm_transaction(TxnStore{b.fs, std::string(kStateDir)}, std::nullopt);
  CHECK(c.exit_code == 1);
  CHECK(c.message.find("has passed") != std::string::npos);
}

}  // namespace
}  // namespace vtune
