// The writing half of DiskHostFs on a real directory tree: every write stays inside the root
// whatever the links say, never follows a link at the last component, and the atomic
// operations leave either the old state or the new one.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <functional>

#include "engine/core/host_fs.h"
#include "tests/unit/temp_root.h"

namespace vtune {
namespace {

namespace fs = std::filesystem;
using test::TempRoot;

std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename());
  std::sort(out.begin(), out.end());
  return out;
}

unsigned perms_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// Makes writes beyond `bytes` fail with EFBIG for as long as it lives, as a full disk would
// fail them (root is not exempt from RLIMIT_FSIZE).
struct FileSizeLimit {
  rlimit saved{};
  sighandler_t old_handler;
  explicit FileSizeLimit(rlim_t bytes) {
    old_handler = ::signal(SIGXFSZ, SIG_IGN);
    ::getrlimit(RLIMIT_FSIZE, &saved);
    rlimit lim{bytes, saved.rlim_max};
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &lim) == 0);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved);
    ::signal(SIGXFSZ, old_handler);
  }
};

}  // namespace

TEST_CASE("DiskHostFs write_file: truncates, writes once, never creates or follows a link") {
  TempRoot root;
  root.put("/proc/sys/net/core/somaxconn", "4096\n");
  root.put("/etc/target", "keep\n");
  root.link("/proc/sys/link", "/etc/target");
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);

  REQUIRE(h->write_file("/proc/sys/net/core/somaxconn", "1").ok());
  CHECK(root.slurp("/proc/sys/net/core/somaxconn") == "1");  // not "1096\n"

  Result<void> missing = h->write_file("/proc/sys/net/core/nosuch", "1");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().err == ENOENT);
  CHECK_FALSE(root.has("/proc/sys/net/core/nosuch"));

  Result<void> link = h->write_file("/proc/sys/link", "x");
  REQUIRE_FALSE(link.ok());
  CHECK(link.error().err == ELOOP);
  CHECK(root.slurp("/etc/target") == "keep\n");

  REQUIRE(::mkfifo((root.dir + "/proc/fifo").c_str(), 0600) == 0);
  CHECK_FALSE(h->write_file("/proc/fifo", "1").ok());  // refused without blocking
  CHECK_FALSE(h->write_file("/proc", "1").ok());
}

TEST_CASE("DiskHostFs: no write op leaves the root through absolute or .. links") {
  TempRoot root, outside;
  outside.put("/victim", "untouched\n");
  outside.put("/dir/.keep", "");
  root.link("/etc/abs", outside.dir);                              // absolute, to the live host
  root.link("/etc/up", "../../../../../../../../" + outside.dir);  // climbs past the root
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);

  using Op = std::function<bool(const std::string& via)>;
  const std::vector<std::pair<std::string, Op>> ops = {
      {"write_file", [&](const std::string& v) { return h->write_file(v + "/victim", "x").ok(); }},
      {"replace_file",
       [&](const std::string& v) { return h->replace_file(v + "/victim", "x", 0644).ok(); }},
      {"append_file",
       [&](const std::string& v) { return h->append_file(v + "/victim", "x", 0644).ok(); }},
      {"remove", [&](const std::string& v) { return h->remove(v + "/victim").ok(); }},
      {"make_dirs", [&](const std::string& v) { return h->make_dirs(v + "/dir/new", 0755).ok(); }},
      {"try_lock", [&](const std::string& v) { return h->try_lock(v + "/victim", 0644).ok(); }},
      {"make_link", [&](const std::string& v) { return h->make_link(v + "/dir/l", "x").ok(); }},
  };
  for (const char* via : {"/etc/abs", "/etc/up"}) {
    for (const auto& [name, op] : ops) {
      CAPTURE(name);
      CAPTURE(via);
      // Inside the root the link leads to a directory that does not exist there.
      CHECK_FALSE(op(via));
      CHECK(outside.slurp("/victim") == "untouched\n");
      CHECK(names_in(outside.dir) == std::vector<std::string>{"dir", "victim"});
      CHECK(names_in(outside.dir + "/dir") == std::vector<std::string>{".keep"});
    }
  }
  // A link that stays inside the root is followed for the directories on the way.
  root.put("/real/victim", "old\n");
  root.link("/etc/inside", "/real");
  REQUIRE(h->replace_file("/etc/inside/victim", "new\n", 0644).ok());
  CHECK(root.slurp("/real/victim") == "new\n");
}

TEST_CASE("DiskHostFs: a last component of . or .. is refused") {
  TempRoot root;
  root.put("/a/f", "x");
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);
  for (const char* path : {"/a/..", "/a/.", "/", "/a/"}) {
    CAPTURE(path);
    Result<void> r = h->replace_file(path, "x", 0644);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().err == EINVAL);
    CHECK(h->append_file(path, "x", 0644).error().err == EINVAL);
    CHECK(h->remove(path, RemoveKind::FileOrEmptyDir).error().err == EINVAL);
  }
  CHECK(root.slurp("/a/f") == "x");
}

TEST_CASE("DiskHostFs mode: permission bits and owner, of a link or what it points to") {
  TempRoot root;
  root.put("/etc/vtune/rules.d/a.vtr", "rule\n");
  root.link("/etc/vtune/rules.d/b.vtr", "a.vtr");
  REQUIRE(::chmod((root.dir + "/etc/vtune/rules.d/a.vtr").c_str(), 0664) == 0);
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);

  Result<FileMode> a = h->mode("/etc/vtune/rules.d/a.vtr");
  REQUIRE(a.ok());
  CHECK(a->kind == EntryKind::File);
  CHECK(a->perms == 0664);
  CHECK(a->uid == ::geteuid());
  CHECK(a->group_or_world_writable());

  Result<FileMode> link = h->mode("/etc/vtune/rules.d/b.vtr");
  REQUIRE(link.ok());
  CHECK(link->kind == EntryKind::Link);
  Result<FileMode> followed = h->mode("/etc/vtune/rules.d/b.vtr", FollowLinks::Yes);
  REQUIRE(followed.ok());
  CHECK(followed->kind == EntryKind::File);
  CHECK(followed->perms == 0664);

  Result<FileMode> dir = h->mode("/etc/vtune");
  REQUIRE(dir.ok());
  CHECK(dir->kind == EntryKind::Dir);
  CHECK(h->mode("/etc/nosuch").error().err == ENOENT);
}

TEST_CASE("DiskHostFs replace_file: new content, the given mode, no temporary file") {
  TempRoot root;
  root.put("/etc/sysctl.d/90-vtune.conf", "a long first version of the file\n");
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);
  const std::string file = root.dir + "/etc/sysctl.d/90-vtune.conf";

  mode_t old_umask = ::umask(077);  // the mode is given explicitly, not left to the umask
  Result<void> r = h->replace_file("/etc/sysctl.d/90-vtune.conf", "short\n", 0644);
  ::umask(old_umask);
  REQUIRE(r.ok());
  CHECK(root.slurp("/etc/sysctl.d/90-vtune.conf") == "short\n");
  CHECK(perms_of(file) == 0644);
  REQUIRE(h->replace_file("/etc/sysctl.d/new.conf", "", 0600).ok());
  CHECK(perms_of(root.dir + "/etc/sysctl.d/new.conf") == 0600);
  CHECK(names_in(root.dir + "/etc/sysctl.d") ==
        std::vector<std::string>{"90-vtune.conf", "new.conf"});

  // A link at the target is replaced by the file; what it pointed to is not written.
  root.put("/usr/lib/sysctl.d/50-default.conf", "vendor\n");
  root.link("/etc/sysctl.d/50-default.conf", "/usr/lib/sysctl.d/50-default.conf");
  REQUIRE(h->replace_file("/etc/sysctl.d/50-default.conf", "ours\n", 0644).ok());
  CHECK(root.slurp("/usr/lib/sysctl.d/50-default.conf") == "vendor\n");
  CHECK_FALSE(fs::is_symlink(root.dir + "/etc/sysctl.d/50-default.conf"));
  CHECK(root.slurp("/etc/sysctl.d/50-default.conf") == "ours\n");
}

TEST_CASE("DiskHostFs replace_file: a failed write keeps the old content and no temp file") {
  TempRoot root;
  root.put("/etc/vtune/state.json", "{\"old\": true}\n");
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);
  Result<void> r = [&] {
    FileSizeLimit limit(8);
    return h->replace_file("/etc/vtune/state.json", std::string(4096, 'x'), 0644);
  }();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().err == EFBIG);
  CHECK(r.error().message().find("/etc/vtune/state.json") != std::string::npos);
  CHECK(root.slurp("/etc/vtune/state.json") == "{\"old\": true}\n");
  CHECK(names_in(root.dir + "/etc/vtune") == std::vector<std::string>{"state.json"});

  // Over a directory rename(2) refuses: the directory stays, the temporary file goes.
  root.put("/etc/vtune/dir/inner", "kept");
  Result<void> over_dir = h->replace_file("/etc/vtune/dir", "x", 0644);
  REQUIRE_FALSE(over_dir.ok());
  CHECK(root.slurp("/etc/vtune/dir/inner") == "kept");
  CHECK(names_in(root.dir + "/etc/vtune") == std::vector<std::string>{"dir", "state.json"});
  CHECK(h->replace_file("/etc/nosuch/x", "x", 0644).error().err == ENOENT);
}

TEST_CASE("DiskHostFs append_file: whole records, created with the mode, never via a link") {
  TempRoot root;
  root.put("/var/lib/vtune/.keep", "");
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);
  REQUIRE(h->append_file("/var/lib/vtune/journal", "{\"seq\":1}\n", 0600).ok());
  REQUIRE(h->append_file("/var/lib/vtune/journal", "{\"seq\":2}\n", 0644).ok());
  CHECK(root.slurp("/var/lib/vtune/journal") == "{\"seq\":1}\n{\"seq\":2}\n");
  CHECK(perms_of(root.dir + "/var/lib/vtune/journal") == 0600);  // the mode of its creation

  root.put("/etc/target", "t");
  root.link("/var/lib/vtune/linked", "/etc/target");
  CHECK(h->append_file("/var/lib/vtune/linked", "x", 0600).error().err == ELOOP);
  CHECK(root.slurp("/etc/target") == "t");
  CHECK_FALSE(h->append_file("/var/lib/vtune", "x", 0600).ok());  // a directory

  Result<void> big = [&] {
    FileSizeLimit limit(24);
    return h->append_file("/var/lib/vtune/journal", std::string(64, 'x'), 0600);
  }();
  CHECK(big.error().err == EFBIG);
}

TEST_CASE("DiskHostFs remove: files and links, directories only when asked and empty") {
  TempRoot root;
  root.put("/etc/a.conf", "a");
  root.put("/etc/target", "t");
  root.link("/etc/l.conf", "/etc/target");
  root.put("/etc/d/inner", "i");
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);

  REQUIRE(h->remove("/etc/a.conf").ok());
  CHECK_FALSE(root.has("/etc/a.conf"));
  REQUIRE(h->remove("/etc/l.conf").ok());
  CHECK_FALSE(root.has("/etc/l.conf"));
  CHECK(root.slurp("/etc/target") == "t");
  CHECK(h->remove("/etc/a.conf").error().err == ENOENT);
  CHECK(h->remove("/etc/d").error().err == EISDIR);
  CHECK(h->remove("/etc/d", RemoveKind::FileOrEmptyDir).error().err == ENOTEMPTY);
  REQUIRE(h->remove("/etc/d/inner").ok());
  REQUIRE(h->remove("/etc/d", RemoveKind::FileOrEmptyDir).ok());
  CHECK_FALSE(root.has("/etc/d"));
}

TEST_CASE("DiskHostFs make_dirs: makes the missing levels, refuses a file on the way") {
  TempRoot root;
  root.put("/var/file", "f");
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);
  REQUIRE(h->make_dirs("/var/lib/vtune/journal.d", 0700).ok());
  CHECK(fs::is_directory(root.dir + "/var/lib/vtune/journal.d"));
  REQUIRE(h->make_dirs("/var/lib/vtune", 0700).ok());  // existing is fine
  CHECK_FALSE(h->make_dirs("/var/file/sub", 0700).ok());
}

TEST_CASE("DiskHostFs try_lock: one holder, the others are told its pid") {
  TempRoot root;
  root.put("/var/lib/vtune/.keep", "");
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);
  std::unique_ptr<HostFs> other = make_disk_host_fs(root.dir);  // opens its own fd
  const std::string me = std::to_string(::getpid()) + "\n";

  Result<LockAttempt> first = h->try_lock("/var/lib/vtune/lock", 0600);
  REQUIRE(first.ok());
  REQUIRE(first->acquired());
  CHECK(root.slurp("/var/lib/vtune/lock") == me);
  CHECK(perms_of(root.dir + "/var/lib/vtune/lock") == 0600);

  Result<LockAttempt> second = other->try_lock("/var/lib/vtune/lock", 0600);
  REQUIRE(second.ok());
  CHECK_FALSE(second->acquired());
  CHECK(second->holder_pid == ::getpid());

  // Another process sees the same.
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::unique_ptr<HostFs> c = make_disk_host_fs(root.dir);
    Result<LockAttempt> a = c->try_lock("/var/lib/vtune/lock", 0600);
    bool ok = a.ok() && !a->acquired() && a->holder_pid == ::getppid();
    ::_exit(ok ? 0 : 1);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));

  // Released: the pid is cleared and the next taker gets it.
  first->lock.reset();
  CHECK(root.slurp("/var/lib/vtune/lock") == "");
  Result<LockAttempt> third = other->try_lock("/var/lib/vtune/lock", 0600);
  REQUIRE(third.ok());
  CHECK(third->acquired());

  // A child holding the lock is named by its pid.
  third->lock.reset();
  int ready[2], done[2];
  REQUIRE(::pipe(ready) == 0);
  REQUIRE(::pipe(done) == 0);
  child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::unique_ptr<HostFs> c = make_disk_host_fs(root.dir);
    Result<LockAttempt> a = c->try_lock("/var/lib/vtune/lock", 0600);
    char byte = a.ok() && a->acquired() ? 'y' : 'n';
    (void)!::write(ready[1], &byte, 1);
    (void)!::read(done[0], &byte, 1);
    ::_exit(0);
  }
  char byte = 0;
  REQUIRE(::read(ready[0], &byte, 1) == 1);
  CHECK(byte == 'y');
  Result<LockAttempt> busy = h->try_lock("/var/lib/vtune/lock", 0600);
  REQUIRE(busy.ok());
  CHECK_FALSE(busy->acquired());
  CHECK(busy->holder_pid == child);
  (void)!::write(done[1], "x", 1);
  REQUIRE(::waitpid(child, &status, 0) == child);
  for (int fd : {ready[0], ready[1], done[0], done[1]}) ::close(fd);
  // The holder exited: the kernel dropped its lock.
  Result<LockAttempt> after = h->try_lock("/var/lib/vtune/lock", 0600);
  REQUIRE(after.ok());
  CHECK(after->acquired());

  root.put("/etc/target", "t");
  root.link("/var/lib/vtune/linked", "/etc/target");
  CHECK(h->try_lock("/var/lib/vtune/linked", 0600).error().err == ELOOP);
}

TEST_CASE("parse_lock_pid: a pid and a newline, nothing else") {
  CHECK(parse_lock_pid("1234\n") == 1234);
  CHECK(parse_lock_pid("1234") == 1234);
  CHECK(parse_lock_pid("") == std::nullopt);
  CHECK(parse_lock_pid("12ab\n") == std::nullopt);
  CHECK(parse_lock_pid("-5\n") == std::nullopt);
  CHECK(parse_lock_pid("0\n") == std::nullopt);
}

TEST_CASE("DiskHostFs: every write forgets the listed directories") {
  TempRoot root;
  root.put("/sys/q/rx-0/rps_cpus", "1\n");
  root.put("/var/lib/vtune/.keep", "");
  std::unique_ptr<HostFs> h = make_disk_host_fs(root.dir);
  const std::vector<std::function<bool()>> writes = {
      [&] { return h->replace_file("/var/lib/vtune/a", "x", 0644).ok(); },
      [&] { return h->append_file("/var/lib/vtune/b", "x", 0644).ok(); },
      [&] { return h->remove("/var/lib/vtune/a").ok(); },
      [&] { return h->make_dirs("/var/lib/vtune/c", 0755).ok(); },
      [&] { return h->try_lock("/var/lib/vtune/lock", 0644).ok(); },
  };
  int generation = 1;
  for (const auto& write : writes) {
    REQUIRE(h->list_dir("/sys/q").ok());
    CHECK(h->read_file("/sys/q/rx-0/rps_cpus").value_or("") == std::to_string(generation) + "\n");
    fs::rename(root.dir + "/sys/q", root.dir + "/sys/q-" + std::to_string(generation));
    root.put("/sys/q/rx-0/rps_cpus", std::to_string(++generation) + "\n");
    REQUIRE(write());
    CHECK(h->read_file("/sys/q/rx-0/rps_cpus").value_or("") == std::to_string(generation) + "\n");
  }
}

}  // namespace vtune
