// Rollback on MemoryHostFs with the test applier: a crash after every journal record (and
// between a write and its done record) is undone by `rollback`; drift is left alone unless
// forced; a chain of transactions on the same knob is rolled back newest first; a torn last
// line is cut off; rolling back twice is a no-op.
#include <doctest/doctest.h>

#include "engine/txn/apply_txn.h"
#include "engine/txn/history.h"
#include "engine/txn/journal.h"
#include "engine/txn/rollback_txn.h"
#include "engine/txn/txn_state.h"
#include "tests/unit/txn_test_host.h"

namespace vtune {
namespace {

using test::Crash;
using test::CrashingFs;
using test::TxnBench;

void seed(TxnBench& b) {
  b.sysctl("a", "1");
  b.sysctl("b", "2");
  b.sysctl("c", "3");
}

ApplyRequest three_changes() {
  ApplyRequest req;
  req.profile = "t";
  req.changes = {TxnBench::change("a", "10"), TxnBench::change("b", "20"),
                 TxnBench::change("c", "30")};
  return req;
}

std::vector<TxnRollbackPlan> roll_back(TxnBench& b, RollbackOptions o, int& code) {
  RollbackSession s(b.host(), std::move(o));
  REQUIRE_MESSAGE(!s.error(), (s.error() ? *s.error() : ""));
  if (s.nothing_to_do()) {
    code = 0;
    return {};
  }
  return s.run(code);
}

TEST_CASE("txn rollback: a crash after any journal record is undone by rollback") {
  // begin, 3 x (intent, done), commit = 8 records.
  for (int k = 1; k <= 8; ++k) {
    CAPTURE(k);
    TxnBench b;
    seed(b);
    CrashingFs crashing(b.fs, k);
    TxnHost host = b.host();
    TxnHost crash_host{host.applier_for, crashing, TxnStore{crashing, std::string(kStateDir)}};
    CHECK_THROWS_AS(apply_transaction(three_changes(), crash_host), Crash);
    // The state the crash left: the next apply is refused until rollback (the committed one
    // at k = 8 is not open).
    Result<std::vector<OpenTransaction>> open = find_open_transactions(b.fs, kStateDir);
    REQUIRE(open.ok());
    CHECK(open->size() == (k < 8 ? 1u : 0u));
    int code = -1;
    std::vector<TxnRollbackPlan> done = roll_back(b, RollbackOptions{}, code);
    CHECK(code == 0);
    CHECK(b.value("a") == "1\n");
    CHECK(b.value("b") == "2\n");
    CHECK(b.value("c") == "3\n");
    CHECK(find_open_transactions(b.fs, kStateDir)->empty());
    // Twice is a no-op.
    RollbackSession again(b.host(), RollbackOptions{});
    CHECK(again.nothing_to_do());
  }
}

TEST_CASE("txn rollback: a crash between a write and its done record is undone too") {
  TxnBench b;
  seed(b);
  // Crash right after the second intent; then do the write the crashed process had done.
  CrashingFs crashing(b.fs, 4);  // begin, intent 1, done 1, intent 2
  TxnHost host = b.host();
  TxnHost crash_host{host.applier_for, crashing, TxnStore{crashing, std::string(kStateDir)}};
  CHECK_THROWS_AS(apply_transaction(three_changes(), crash_host), Crash);
  SUBCASE("the write had happened") {
    REQUIRE(b.fs.write_file("/proc/sys/b", "20").ok());
  }
  SUBCASE("the write had not happened") {}
  RollbackSession s(b.host(), RollbackOptions{});
  std::vector<TxnRollbackPlan> preview = s.preview();
  REQUIRE(preview.size() == 1);
  REQUIRE(preview[0].items.size() == 2);
  CHECK(preview[0].items[0].knob == "sysctl:b");
  int code = -1;
  s.run(code);
  CHECK(code == 0);
  CHECK(b.value("a") == "1\n");
  CHECK(b.value("b") == "2\n");
}

TEST_CASE("txn rollback: drift is left alone (exit 2) unless --force") {
  TxnBench b;
  seed(b);
  ApplyResult res = apply_transaction(three_changes(), b.host());
  REQUIRE(res.outcome == ApplyOutcome::Applied);
  REQUIRE(b.fs.write_file("/proc/sys/b", "999").ok());  // someone else, since
  int code = -1;
  std::vector<TxnRollbackPlan> done = roll_back(b, RollbackOptions{res.transaction}, code);
  CHECK(code == kRollbackExitLeftAlone);
  CHECK(b.value("a") == "1\n");
  CHECK(b.value("b") == "999");
  CHECK(b.value("c") == "3\n");
  REQUIRE(done.size() == 1);
  bool reported = false;
  for (const RestoreResult& r : done[0].items)
    if (r.knob == "sysctl:b") {
      reported = r.state == RestoreState::LeftAlone;
      CHECK(r.message.find("left alone") != std::string::npos);
    }
  CHECK(reported);
  std::vector<HistoryEntry> h = *read_history(b.fs, kStateDir);
  CHECK(h.back().state == "rolled_back");
  CHECK(h.back().left_alone == 1);

  // Without --force, again: still left alone. With it: restored; then nothing left.
  roll_back(b, RollbackOptions{res.transaction}, code);
  CHECK(code == kRollbackExitLeftAlone);
  CHECK(b.value("b") == "999");
  RollbackOptions force{res.transaction};
  force.force = true;
  roll_back(b, force, code);
  CHECK(code == 0);
  CHECK(b.value("b") == "2\n");
  RollbackSession again(b.host(), RollbackOptions{res.transaction});
  CHECK(again.nothing_to_do());
}

TEST_CASE("txn rollback: an older transaction under a newer one rolls back the chain") {
  TxnBench b;
  seed(b);
  ApplyRequest first;
  first.changes = {TxnBench::change("a", "10")};
  ApplyResult t1 = apply_transaction(first, b.host());
  REQUIRE(t1.outcome == ApplyOutcome::Applied);
  ApplyRequest second;
  second.changes = {TxnBench::change("a", "11"), TxnBench::change("b", "21")};
  ApplyResult t2 = apply_transaction(second, b.host());
  REQUIRE(t2.outcome == ApplyOutcome::Applied);
  ApplyRequest third;  // unrelated: not in the chain
  third.changes = {TxnBench::change("c", "31")};
  ApplyResult t3 = apply_transaction(third, b.host());
  REQUIRE(t3.outcome == ApplyOutcome::Applied);
  REQUIRE(t1.transaction < t2.transaction);
  REQUIRE(t2.transaction < t3.transaction);

  {
    RollbackSession s(b.host(), RollbackOptions{t1.transaction});
    std::vector<TxnRollbackPlan> preview = s.preview();
    REQUIRE(preview.size() == 2);
    CHECK(preview[0].id == t2.transaction);
    CHECK(preview[1].id == t1.transaction);
    int code = -1;
    s.run(code);
    CHECK(code == 0);
  }  // the session holds the lock while it lives
  CHECK(b.value("a") == "1\n");
  CHECK(b.value("b") == "2\n");
  CHECK(b.value("c") == "31");  // t3 stays
  // t2 was rolled back as part of the chain: rolling it back again is a no-op.
  CHECK(RollbackSession(b.host(), RollbackOptions{t2.transaction}).nothing_to_do());
  // --last now means t3.
  RollbackSession last(b.host(), RollbackOptions{});
  REQUIRE(last.preview().size() == 1);
  CHECK(last.preview()[0].id == t3.transaction);
}

TEST_CASE("txn rollback: a torn last line is cut off and the rollback completes") {
  TxnBench b;
  seed(b);
  CrashingFs crashing(b.fs, 5);  // begin, i1, d1, i2, d2
  TxnHost host = b.host();
  TxnHost crash_host{host.applier_for, crashing, TxnStore{crashing, std::string(kStateDir)}};
  CHECK_THROWS_AS(apply_transaction(three_changes(), crash_host), Crash);
  Result<std::vector<OpenTransaction>> open = find_open_transactions(b.fs, kStateDir);
  REQUIRE(open->size() == 1);
  std::string path = (*open)[0].path;
  // The crash happened in the middle of appending the third intent.
  std::string text = b.fs.files().at(path);
  b.fs.add_file(path, text + "{\"kind\":\"intent\",\"seq\":3,\"kno", 0600);
  REQUIRE(read_journal(b.fs, path)->torn);
  int code = -1;
  roll_back(b, RollbackOptions{}, code);
  CHECK(code == 0);
  CHECK(b.value("a") == "1\n");
  CHECK(b.value("b") == "2\n");
  Result<JournalRead> after = read_journal(b.fs, path);
  REQUIRE(after.ok());
  CHECK_FALSE(after->torn);
  CHECK(summarize(*after).state == TxnState::RolledBack);
}

TEST_CASE("txn rollback: unknown id, lock held, nothing to roll back") {
  TxnBench b;
  seed(b);
  {
    RollbackSession none(b.host(), RollbackOptions{});
    CHECK(none.nothing_to_do());
  }  // a session holds the lock while it lives
  {
    RollbackSession unknown(b.host(), RollbackOptions{std::string("nope")});
    REQUIRE(unknown.error());
    CHECK_MESSAGE(unknown.error()->find("no transaction nope") != std::string::npos,
                  *unknown.error());
  }
  b.fs.hold_lock_elsewhere("/var/lib/vtune/lock", 77);
  RollbackSession locked(b.host(), RollbackOptions{});
  REQUIRE(locked.error());
  CHECK(locked.error_exit_code() == kRollbackExitLockHeld);
}

}  // namespace
}  // namespace vtune
