// MemoryHostFs as the transaction tests will use it: every operation is logged, writes can
// be made to fail by count or by path, and it keeps the semantics of DiskHostFs (truncating
// writes, links replaced and never written through, locks that name their holder).
#include <doctest/doctest.h>
#include <unistd.h>

#include <thread>

#include "engine/core/memory_host_fs.h"

namespace vtune {

TEST_CASE("MemoryHostFs logs every operation with its data and outcome") {
  MemoryHostFs fs;
  fs.add_file("/proc/sys/vm/swappiness", "60\n");
  (void)fs.read_file("/proc/sys/vm/swappiness");
  REQUIRE(fs.write_file("/proc/sys/vm/swappiness", "10").ok());
  REQUIRE(fs.make_dirs("/var/lib/vtune", 0700).ok());
  REQUIRE(fs.append_file("/var/lib/vtune/journal", "rec1\n", 0600).ok());
  CHECK_FALSE(fs.write_file("/proc/sys/vm/nosuch", "1").ok());
  (void)fs.exists("/var/lib/vtune/journal");

  const std::vector<FsOpRecord> expected = {
      {FsOp::Read, "/proc/sys/vm/swappiness", "", 0},
      {FsOp::Write, "/proc/sys/vm/swappiness", "10", 0},
      {FsOp::MakeDirs, "/var/lib/vtune", "", 0},
      {FsOp::Append, "/var/lib/vtune/journal", "rec1\n", 0},
      {FsOp::Write, "/proc/sys/vm/nosuch", "1", ENOENT},
      {FsOp::Exists, "/var/lib/vtune/journal", "", 0},
  };
  CHECK(fs.ops() == expected);
  std::vector<FsOpRecord> writes = fs.writes();
  REQUIRE(writes.size() == 4);
  CHECK(writes[0].path == "/proc/sys/vm/swappiness");
  CHECK(std::string(fs_op_name(writes[2].op)) == "append");
  fs.clear_ops();
  CHECK(fs.ops().empty());
  CHECK(fs.files().at("/proc/sys/vm/swappiness") == "10");  // truncated, not "10\n"
}

TEST_CASE("MemoryHostFs fails the Nth write from now, and changes nothing") {
  MemoryHostFs fs;
  fs.add_file("/proc/sys/a", "1\n");
  fs.add_file("/proc/sys/b", "1\n");
  fs.add_file("/etc/sysctl.conf", "");
  REQUIRE(fs.write_file("/proc/sys/a", "0").ok());  // before the fault is set: not counted
  fs.fail_nth_write(3, EIO);
  REQUIRE(fs.write_file("/proc/sys/a", "2").ok());
  (void)fs.read_file("/proc/sys/a");  // reads are not counted
  REQUIRE(fs.replace_file("/etc/x.conf", "x", 0644).ok());
  Result<void> third = fs.write_file("/proc/sys/b", "2");
  REQUIRE_FALSE(third.ok());
  CHECK(third.error().err == EIO);
  CHECK(third.error().path == "mem:/proc/sys/b");
  CHECK(fs.files().at("/proc/sys/b") == "1\n");
  CHECK(fs.write_file("/proc/sys/b", "3").ok());  // only the third
  std::vector<FsOpRecord> w = fs.writes();
  REQUIRE(w.size() == 5);
  CHECK(w[3] == FsOpRecord{FsOp::Write, "/proc/sys/b", "2", EIO});
}

TEST_CASE("MemoryHostFs fails every write to a path until cleared") {
  MemoryHostFs fs;
  fs.add_file("/etc/sysctl.d/90-vtune.conf", "old\n");
  fs.fail_writes_to("/etc/sysctl.d/90-vtune.conf", EINVAL);
  CHECK(fs.replace_file("/etc/sysctl.d/90-vtune.conf", "new\n", 0644).error().err == EINVAL);
  CHECK(fs.append_file("/etc/sysctl.d/90-vtune.conf", "more", 0644).error().err == EINVAL);
  CHECK(fs.remove("/etc/sysctl.d/90-vtune.conf").error().err == EINVAL);
  CHECK(fs.files().at("/etc/sysctl.d/90-vtune.conf") == "old\n");
  CHECK(fs.read_file("/etc/sysctl.d/90-vtune.conf").ok());  // reads still work
  CHECK(fs.replace_file("/etc/sysctl.d/other.conf", "x", 0644).ok());
  fs.clear_faults();
  CHECK(fs.replace_file("/etc/sysctl.d/90-vtune.conf", "new\n", 0644).ok());
}

TEST_CASE("MemoryHostFs replace, append, remove and mode behave as on disk") {
  MemoryHostFs fs;
  fs.add_file("/usr/lib/sysctl.d/50-default.conf", "vendor\n");
  fs.add_link("/etc/sysctl.d/50-default.conf", "/usr/lib/sysctl.d/50-default.conf");
  fs.add_file("/etc/vtune/rules.d/a.vtr", "r", 0664);
  fs.set_owner("/etc/vtune/rules.d/a.vtr", 1000, 1000);

  Result<FileMode> link = fs.mode("/etc/sysctl.d/50-default.conf");
  REQUIRE(link.ok());
  CHECK(link->kind == EntryKind::Link);
  Result<FileMode> target = fs.mode("/etc/sysctl.d/50-default.conf", FollowLinks::Yes);
  REQUIRE(target.ok());
  CHECK(target->kind == EntryKind::File);
  CHECK(target->perms == 0644);
  Result<FileMode> rule = fs.mode("/etc/vtune/rules.d/a.vtr");
  REQUIRE(rule.ok());
  CHECK(rule->group_or_world_writable());
  CHECK(rule->uid == 1000);
  CHECK(fs.mode("/etc/vtune").value_or({}).kind == EntryKind::Dir);
  CHECK(fs.mode("/nosuch").error().err == ENOENT);

  // The link is replaced; the vendor file is not written through it.
  REQUIRE(fs.replace_file("/etc/sysctl.d/50-default.conf", "ours\n", 0600).ok());
  CHECK(fs.files().at("/usr/lib/sysctl.d/50-default.conf") == "vendor\n");
  CHECK(fs.read_file("/etc/sysctl.d/50-default.conf").value_or("") == "ours\n");
  CHECK(fs.mode("/etc/sysctl.d/50-default.conf").value_or({}).perms == 0600);
  CHECK(fs.replace_file("/nodir/x", "x", 0644).error().err == ENOENT);
  CHECK(fs.replace_file("/etc/vtune", "x", 0644).error().err == EISDIR);

  REQUIRE(fs.append_file("/etc/vtune/journal", "a\n", 0600).ok());
  REQUIRE(fs.append_file("/etc/vtune/journal", "b\n", 0644).ok());
  CHECK(fs.files().at("/etc/vtune/journal") == "a\nb\n");
  CHECK(fs.mode("/etc/vtune/journal").value_or({}).perms == 0600);

  CHECK(fs.remove("/etc/vtune").error().err == EISDIR);
  CHECK(fs.remove("/etc/vtune", RemoveKind::FileOrEmptyDir).error().err == ENOTEMPTY);
  REQUIRE(fs.remove("/etc/vtune/journal").ok());
  REQUIRE(fs.remove("/etc/vtune/rules.d/a.vtr").ok());
  REQUIRE(fs.remove("/etc/vtune/rules.d", RemoveKind::FileOrEmptyDir).ok());
  CHECK_FALSE(fs.exists("/etc/vtune/rules.d"));
  CHECK(fs.remove("/etc/vtune/journal").error().err == ENOENT);
}

TEST_CASE("MemoryHostFs try_lock: held until released, a foreign holder named by its pid") {
  MemoryHostFs fs;
  REQUIRE(fs.make_dirs("/var/lib/vtune", 0700).ok());
  Result<LockAttempt> first = fs.try_lock("/var/lib/vtune/lock", 0600);
  REQUIRE(first.ok());
  REQUIRE(first->acquired());
  CHECK(fs.files().at("/var/lib/vtune/lock") == std::to_string(::getpid()) + "\n");
  Result<LockAttempt> second = fs.try_lock("/var/lib/vtune/lock", 0600);
  REQUIRE(second.ok());
  CHECK_FALSE(second->acquired());
  CHECK(second->holder_pid == ::getpid());
  first->lock.reset();
  CHECK(fs.files().at("/var/lib/vtune/lock").empty());
  CHECK(fs.ops().back() == FsOpRecord{FsOp::Unlock, "/var/lib/vtune/lock", "", 0});

  fs.hold_lock_elsewhere("/var/lib/vtune/other", 4242);
  Result<LockAttempt> busy = fs.try_lock("/var/lib/vtune/other", 0600);
  REQUIRE(busy.ok());
  CHECK_FALSE(busy->acquired());
  CHECK(busy->holder_pid == 4242);
  // Locking is no counted write, but a path fault fails it.
  fs.fail_nth_write(1, EIO);
  CHECK(fs.try_lock("/var/lib/vtune/lock", 0600).value().acquired());
  fs.fail_writes_to("/var/lib/vtune/x", EACCES);
  CHECK(fs.try_lock("/var/lib/vtune/x", 0600).error().err == EACCES);
}

TEST_CASE("MemoryHostFs: reads may run on several threads while the log grows") {
  MemoryHostFs fs;
  for (int i = 0; i < 16; ++i) fs.add_file("/sys/q/rx-" + std::to_string(i), "ff\n");
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&fs] {
      for (int round = 0; round < 200; ++round)
        for (int i = 0; i < 16; ++i) (void)fs.read_file("/sys/q/rx-" + std::to_string(i));
    });
  for (std::thread& r : readers) r.join();
  CHECK(fs.ops().size() == 4 * 200 * 16);
}

}  // namespace vtune
