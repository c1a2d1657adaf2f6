// The transaction journal and lock of `vtune apply` (docs/journal.md): records round-trip
// exactly, appends are durable or absent, a torn last line is reported and skipped, the
// state of a transaction is derived from its records, and the lock has one holder.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/core/memory_host_fs.h"
#include "engine/txn/journal.h"
#include "engine/txn/journal_bytes.h"
#include "engine/txn/txn_lock.h"
#include "engine/txn/txn_state.h"
#include "tests/unit/temp_root.h"

namespace vtune {
namespace {

using test::TempRoot;

JournalRecord begin_record(std::string id) {
  JournalRecord r;
  r.kind = RecordKind::Begin;
  r.id = std::move(id);
  r.time = "2026-12-01T20:00:00Z";
  r.profile = "web";
  r.vtune_version = "0.1.0";
  return r;
}

JournalRecord intent_record(long seq, std::string knob, std::string target, std::string before,
                            std::string value) {
  JournalRecord r;
  r.kind = RecordKind::Intent;
  r.seq = seq;
  r.knob = std::move(knob);
  r.target = std::move(target);
  r.before.raw = before;
  r.before.value = Json(std::move(before));
  r.value = Json(std::move(value));
  return r;
}

JournalRecord simple(RecordKind kind, long seq = 0) {
  JournalRecord r;
  r.kind = kind;
  r.seq = seq;
  return r;
}

JournalRecord done_record(long seq, std::string read_back) {
  JournalRecord r = simple(RecordKind::Done, seq);
  r.value = Json(std::move(read_back));
  return r;
}

unsigned perms_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// Bytes no text encoding keeps: 0xFF (never UTF-8), NUL, newline, a lone continuation byte.
const std::string kHostileBytes = std::string("a\xff\0b\nc\x80\r\n", 9);

TEST_CASE("journal records: every kind round-trips through its line") {
  JournalRecord intent = intent_record(1, "sysctl:net.core.somaxconn",
                                       "/proc/sys/net/core/somaxconn", "4096\n", "65535");
  JournalRecord persisted = intent_record(2, "file:/etc/sysctl.d/90-vtune.conf",
                                          "/etc/sysctl.d/90-vtune.conf", "", "x = 1\n");
  persisted.before.files.push_back({"/etc/sysctl.d/90-vtune.conf", true, "# old\n", 0640});
  JournalRecord absent = persisted;
  absent.seq = 3;
  absent.before.files = {{"/etc/sysctl.d/90-vtune.conf", false, "", 0644}};
  absent.before.value = Json();
  JournalRecord typed = intent_record(5, "daemon_json:log-opts", "/etc/docker/daemon.json", "", "");
  typed.before.value = Json::array({Json{{"base64", "not bytes"}}, Json{{"x", {1, 2}}}});
  typed.value = Json{{"object", Json{{"base64", 1}}}};
  JournalRecord failed = simple(RecordKind::Failed, 4);
  failed.error = "write /proc/sys/x: Invalid argument";
  for (const JournalRecord& r :
       {begin_record("20261201-1"), intent, persisted, absent, typed, done_record(1, "65535"),
        failed, simple(RecordKind::Commit), simple(RecordKind::RollbackBegin),
        simple(RecordKind::Restored, 1), simple(RecordKind::RollbackDone)}) {
    CAPTURE(record_kind_name(r.kind));
    std::string line = encode_record(r);
    CHECK(line.find('\n') == std::string::npos);
    DecodedRecord d = decode_record(line);
    REQUIRE_MESSAGE(d.record, d.reason);
    CHECK(*d.record == r);
  }
  CHECK(encode_record(begin_record("x")).find("\"schema_version\":1") != std::string::npos);
}

TEST_CASE("journal records: the verification records round-trip; a crash mid-verify is open") {
  JournalRecord vb = simple(RecordKind::VerifyBegin);
  vb.verification = Json{{"mode", "interleaved"}, {"benchmarks", {"net.tcp_stream"}}};
  JournalRecord arm = simple(RecordKind::VerifyArm);
  arm.reason = "baseline";
  JournalRecord vr = simple(RecordKind::VerifyResult);
  vr.verification =
      Json{{"benchmarks",
            Json::array({Json{{"verdict", "regressed"}, {"samples", {{"baseline", {1.5, 2}}}}}})}};
  for (const JournalRecord& r : {vb, arm, vr}) {
    CAPTURE(record_kind_name(r.kind));
    DecodedRecord d = decode_record(encode_record(r));
    REQUIRE_MESSAGE(d.record, d.reason);
    CHECK(*d.record == r);
  }
  CHECK_FALSE(decode_record(R"({"kind":"verify_result"})").record);
  JournalRecord b = begin_record("v");
  JournalRecord i1 = intent_record(1, "k1", "/t1", "a", "b");
  TxnSummary mid = summarize(JournalRead{{b, i1, done_record(1, "b"), vb, arm}, std::nullopt});
  CHECK(mid.state == TxnState::Open);  // `vtune rollback` completes it
  CHECK(mid.verify_arm == "baseline");
  TxnSummary done = summarize(JournalRead{
      {b, i1, done_record(1, "b"), vb, arm, vr, simple(RecordKind::Commit)}, std::nullopt});
  CHECK(done.state == TxnState::Committed);
  CHECK(done.verify_arm.empty());
  CHECK(done.verification == vr.verification);
}

TEST_CASE("journal records: before-images and values keep any bytes exactly") {
  JournalRecord r = intent_record(1, "file:/etc/x", "/etc/x", kHostileBytes, kHostileBytes);
  r.before.files.push_back({"/etc/x", true, kHostileBytes + std::string(1, '\0'), 0600});
  r.value = Json::array({kHostileBytes, Json{{"base64", kHostileBytes}}});
  std::string line = encode_record(r);
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.find("\"base64\"") != std::string::npos);  // not valid UTF-8: stored as base64
  DecodedRecord d = decode_record(line);
  REQUIRE(d.record);
  CHECK(d.record->before.raw == kHostileBytes);
  CHECK(d.record->before.value == Json(kHostileBytes));
  CHECK(d.record->before.files == r.before.files);
  CHECK(d.record->value == r.value);

  // Valid UTF-8 with NUL and newline stays a readable JSON string, and still round-trips.
  std::string text("a\0b\nc\xc3\xa9", 7);
  JournalRecord t = intent_record(1, "k", "/t", text, text);
  std::string tline = encode_record(t);
  CHECK(tline.find("base64") == std::string::npos);
  CHECK(tline.find("\\u0000") != std::string::npos);
  REQUIRE(decode_record(tline).record);
  CHECK(decode_record(tline).record->value == Json(text));
}

TEST_CASE("journal bytes: base64 of every length and malformed input") {
  for (size_t n = 0; n < 8; ++n) {
    std::string s = kHostileBytes.substr(0, n);
    CHECK(base64_decode(base64_encode(s)) == s);
  }
  CHECK(base64_encode("foob") == "Zm9vYg==");
  CHECK_FALSE(base64_decode("Zm9"));
  CHECK_FALSE(base64_decode("Zm=v"));
  CHECK_FALSE(base64_decode("Zm9*"));
}

TEST_CASE("journal records: malformed lines are refused with a reason") {
  CHECK(decode_record("{").reason == "not a JSON object");
  CHECK(decode_record("[1]").reason == "not a JSON object");
  CHECK(decode_record(R"({"kind":"explode"})").reason == "unknown kind \"explode\"");
  CHECK_FALSE(decode_record(R"({"kind":"done","seq":0,"value":"1"})").record);
  CHECK_FALSE(
      decode_record(R"({"kind":"intent","seq":1,"knob":"k","target":"t","value":"1"})").record);
  DecodedRecord later = decode_record(
      R"({"kind":"begin","schema_version":2,"id":"a","time":"t","profile":"p","vtune_version":"v"})");
  CHECK_FALSE(later.record);
  CHECK(later.reason.find("schema_version 2") != std::string::npos);
  CHECK(later.unsupported_version);

  // A journal of a later vtune is refused, even as its only line: it is not torn.
  MemoryHostFs fs;
  fs.add_file(
      journal_path(kStateDir, "v2"),
      R"({"kind":"begin","schema_version":2,"id":"a","time":"t","profile":"p","vtune_version":"v"})"
      "\n");
  Result<JournalRead> read = read_journal(fs, journal_path(kStateDir, "v2"));
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().message().find("v2.jsonl:1: schema_version 2") != std::string::npos);
}

TEST_CASE("journal on MemoryHostFs: records append durably, in order, with their modes") {
  MemoryHostFs fs;
  Journal j(fs, kStateDir, "t1");
  REQUIRE(j.open().ok());
  REQUIRE(j.append(begin_record("t1")).ok());
  REQUIRE(
      j.append(intent_record(1, "sysctl:vm.swappiness", "/proc/sys/vm/swappiness", "60\n", "10"))
          .ok());
  REQUIRE(j.append(done_record(1, "10")).ok());
  CHECK(j.path() == "/var/lib/vtune/journal/t1.jsonl");
  // MemoryHostFs keeps no directory modes; the 0700 is checked on disk below.
  CHECK(fs.mode(j.path())->perms == 0600);
  std::vector<FsOpRecord> w = fs.writes();
  REQUIRE(w.size() == 4);
  CHECK(w[0].op == FsOp::MakeDirs);
  for (size_t i = 1; i < 4; ++i) {
    CHECK(w[i].op == FsOp::Append);
    CHECK(w[i].data.back() == '\n');
  }
  Result<JournalRead> read = read_journal(fs, j.path());
  REQUIRE(read.ok());
  CHECK_FALSE(read->torn);
  REQUIRE(read->records.size() == 3);
  CHECK(read->records[1].knob == "sysctl:vm.swappiness");
  CHECK(summarize(*read).state == TxnState::Open);
}

TEST_CASE("journal on MemoryHostFs: a failed append is reported and leaves nothing half-written") {
  MemoryHostFs fs;
  Journal j(fs, kStateDir, "t2");
  REQUIRE(j.open().ok());
  REQUIRE(j.append(begin_record("t2")).ok());
  fs.fail_nth_write(1, ENOSPC);
  Result<void> r = j.append(intent_record(1, "sysctl:a", "/proc/sys/a", "1\n", "2"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().err == ENOSPC);
  Result<JournalRead> read = read_journal(fs, j.path());
  REQUIRE(read.ok());
  CHECK_FALSE(read->torn);
  REQUIRE(read->records.size() == 1);
  CHECK(read->records[0].kind == RecordKind::Begin);
}

TEST_CASE("journal reading: a bad line before the last is an error naming its line") {
  MemoryHostFs fs;
  std::string path = journal_path(kStateDir, "bad");
  fs.add_file(path, encode_record(begin_record("bad")) + "\n{garbage\n" +
                        encode_record(simple(RecordKind::Commit)) + "\n");
  Result<JournalRead> read = read_journal(fs, path);
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().message().find("bad.jsonl:2: not a JSON object") != std::string::npos);

  fs.add_file(path, encode_record(simple(RecordKind::Commit)) + "\n");
  REQUIRE_FALSE(read_journal(fs, path).ok());
  CHECK(read_journal(fs, path).error().message().find(":1: the first record is not a begin") !=
        std::string::npos);
}

TEST_CASE("journal reading: a last line that ends but does not decode is torn, not fatal") {
  MemoryHostFs fs;
  std::string path = journal_path(kStateDir, "z");
  // ext4 may leave NULs where a record was being appended at a crash.
  fs.add_file(path, encode_record(begin_record("z")) + "\n" + std::string(5, '\0') + "\n");
  Result<JournalRead> read = read_journal(fs, path);
  REQUIRE(read.ok());
  REQUIRE(read->torn);
  CHECK(read->torn->find("line 2") != std::string::npos);
  CHECK(read->records.size() == 1);
}

TEST_CASE("transaction state: open, committed, rolling back, rolled back, unrestored items") {
  auto state_of = [](std::vector<JournalRecord> rs) {
    return summarize(JournalRead{std::move(rs), std::nullopt});
  };
  JournalRecord b = begin_record("s");
  JournalRecord i1 = intent_record(1, "k1", "/t1", "a", "b");
  JournalRecord i2 = intent_record(2, "k2", "/t2", "c", "d");
  TxnSummary open = state_of({b, i1, done_record(1, "b"), i2});
  CHECK(open.state == TxnState::Open);
  CHECK(is_open(open.state));
  CHECK(open.id == "s");
  CHECK(open.unrestored == std::vector<long>{1, 2});
  CHECK(open.intents.size() == 2);

  TxnSummary committed = state_of({b, i1, done_record(1, "b"), simple(RecordKind::Commit)});
  CHECK(committed.state == TxnState::Committed);
  CHECK_FALSE(is_open(committed.state));

  TxnSummary rolling =
      state_of({b, i1, i2, simple(RecordKind::RollbackBegin), simple(RecordKind::Restored, 2)});
  CHECK(rolling.state == TxnState::RollingBack);
  CHECK(is_open(rolling.state));
  CHECK(rolling.unrestored == std::vector<long>{1});

  TxnSummary back = state_of({b, i1, i2, simple(RecordKind::Commit),
                              simple(RecordKind::RollbackBegin), simple(RecordKind::Restored, 2),
                              simple(RecordKind::Restored, 1), simple(RecordKind::RollbackDone)});
  CHECK(back.state == TxnState::RolledBack);
  CHECK(back.unrestored.empty());
  CHECK(std::string(txn_state_name(back.state)) == "rolled_back");
}

TEST_CASE("find_open_transactions: only open or unreadable journals, none without a directory") {
  MemoryHostFs fs;
  REQUIRE(find_open_transactions(fs, kStateDir).ok());
  CHECK(find_open_transactions(fs, kStateDir)->empty());

  Journal a(fs, kStateDir, "a"), c(fs, kStateDir, "c");
  REQUIRE(a.open().ok());
  REQUIRE(a.append(begin_record("a")).ok());
  REQUIRE(a.append(intent_record(1, "k", "/t", "1", "2")).ok());
  REQUIRE(c.append(begin_record("c")).ok());
  REQUIRE(c.append(simple(RecordKind::Commit)).ok());
  fs.add_file("/var/lib/vtune/journal/b.jsonl", "{x\n{y\n");
  fs.add_file("/var/lib/vtune/journal/notes.txt", "not a journal\n");

  Result<std::vector<OpenTransaction>> open = find_open_transactions(fs, kStateDir);
  REQUIRE(open.ok());
  REQUIRE(open->size() == 2);
  CHECK((*open)[0].path == "/var/lib/vtune/journal/a.jsonl");
  REQUIRE((*open)[0].summary);
  CHECK((*open)[0].summary->unrestored == std::vector<long>{1});
  CHECK((*open)[1].path == "/var/lib/vtune/journal/b.jsonl");
  CHECK_FALSE((*open)[1].summary);
  CHECK((*open)[1].error.find("b.jsonl:1") != std::string::npos);
}

TEST_CASE("journal on DiskHostFs: modes, exact bytes, and a torn last line") {
  TempRoot root;
  std::unique_ptr<HostFs> fs = make_disk_host_fs(root.dir);
  Journal j(*fs, kStateDir, "d1");
  REQUIRE(j.open().ok());
  JournalRecord intent = intent_record(1, "file:/etc/x", "/etc/x", kHostileBytes, "new\n");
  intent.before.files.push_back({"/etc/x", true, kHostileBytes, 0644});
  REQUIRE(j.append(begin_record("d1")).ok());
  REQUIRE(j.append(intent).ok());
  REQUIRE(j.append(done_record(1, "new\n")).ok());
  const std::string file = root.dir + j.path();
  CHECK(perms_of(root.dir + "/var/lib/vtune/journal") == 0700);
  CHECK(perms_of(file) == 0600);

  Result<JournalRead> whole = read_journal(*fs, j.path());
  REQUIRE(whole.ok());
  CHECK_FALSE(whole->torn);
  REQUIRE(whole->records.size() == 3);
  CHECK(whole->records[1] == intent);

  // A crash in the middle of the third append: cut the file inside that record.
  std::string text = root.slurp(j.path());
  size_t third = text.rfind('\n', text.size() - 2) + 1;
  std::filesystem::resize_file(file, third + 10);
  Result<JournalRead> torn = read_journal(*fs, j.path());
  REQUIRE(torn.ok());
  REQUIRE(torn->torn);
  CHECK(torn->torn->find("line 3 has no newline (10 bytes)") != std::string::npos);
  REQUIRE(torn->records.size() == 2);
  CHECK(torn->records[1].before.files.at(0).bytes == kHostileBytes);
  TxnSummary s = summarize(*torn);
  CHECK(s.state == TxnState::Open);
  CHECK(s.unrestored == std::vector<long>{1});

  // A whole record without its newline is torn as well: its append never returned.
  std::filesystem::resize_file(file, third - 1);
  torn = read_journal(*fs, j.path());
  REQUIRE(torn.ok());
  REQUIRE(torn->torn);
  CHECK(torn->records.size() == 1);

  Result<std::vector<OpenTransaction>> open = find_open_transactions(*fs, kStateDir);
  REQUIRE(open.ok());
  REQUIRE(open->size() == 1);
  CHECK((*open)[0].summary->id == "d1");

  // Resuming it for a rollback cuts the fragment off, so new records start their own line.
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text.substr(0, third + 10);
  Journal again(*fs, kStateDir, "d1");
  Result<JournalRead> resumed = again.resume();
  REQUIRE(resumed.ok());
  CHECK(resumed->torn);
  CHECK(root.slurp(j.path()) == text.substr(0, third));
  CHECK(perms_of(file) == 0600);
  REQUIRE(again.append(simple(RecordKind::RollbackBegin)).ok());
  Result<JournalRead> after = read_journal(*fs, j.path());
  REQUIRE(after.ok());
  CHECK_FALSE(after->torn);
  REQUIRE(after->records.size() == 3);
  CHECK(after->records[2].kind == RecordKind::RollbackBegin);
  CHECK(summarize(*after).state == TxnState::RollingBack);
}

TEST_CASE("txn lock on DiskHostFs: a second taker is refused with the holder's pid") {
  TempRoot root;
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);
  std::unique_ptr<HostFs> other = make_disk_host_fs(root.dir);
  TxnLock first = acquire_txn_lock(*h, kStateDir);
  REQUIRE_MESSAGE(first.acquired(), (first.error ? first.error->message : ""));
  CHECK(perms_of(root.dir + "/var/lib/vtune/lock") == 0600);

  TxnLock second = acquire_txn_lock(*other, kStateDir);
  REQUIRE_FALSE(second.acquired());
  REQUIRE(second.error);
  CHECK(second.error->held_elsewhere);
  CHECK(second.error->holder_pid == ::getpid());
  CHECK(second.error->message == "another vtune (pid " + std::to_string(::getpid()) + ") holds " +
                                     root.dir + "/var/lib/vtune/lock");

  // Another process is refused too, and once the holder lets go the lock can be taken.
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::unique_ptr<HostFs> c = make_disk_host_fs(root.dir);
    TxnLock t = acquire_txn_lock(*c, kStateDir);
    ::_exit(!t.acquired() && t.error && t.error->holder_pid == ::getppid() ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);

  first.lock.reset();
  TxnLock third = acquire_txn_lock(*other, kStateDir);
  CHECK(third.acquired());
}

TEST_CASE("txn lock on MemoryHostFs: refused with the pid its lock file names") {
  MemoryHostFs fs;
  fs.hold_lock_elsewhere("/var/lib/vtune/lock", 4321);
  TxnLock t = acquire_txn_lock(fs, kStateDir);
  REQUIRE_FALSE(t.acquired());
  CHECK(t.error->message == "another vtune (pid 4321) holds mem:/var/lib/vtune/lock");
}

}  // namespace
}  // namespace vtune
