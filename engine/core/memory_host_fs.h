#pragma once
// MemoryHostFs: a HostFs held in memory, for tests that need what a fixture tree cannot
// give (a file that fails with EACCES or EIO even for root), and for applier and
// transaction tests. Like ninja's VirtualFileSystem it records every operation, and like its
// FakeCommandRunner it can be told to fail: the Nth write, or every write to a path.
//
// One mutex guards the state, so the const (reading) members may run on several threads,
// as probes do; they are logged too.
#include <map>
#include <mutex>
#include <set>
#include <vector>

#include "engine/core/host_fs.h"

namespace vtune {

enum class FsOp {
  // Reads.
  Read,
  List,
  ReadLink,
  Exists,
  Mode,
  // Writes: these change the tree, and these are what fail_nth_write counts.
  Write,
  Replace,
  Append,
  Remove,
  MakeDirs,
  MakeLink,
  // Locking: neither a read nor a counted write.
  Lock,
  Unlock,
};
bool is_write(FsOp op);
const char* fs_op_name(FsOp op);  // "write", "replace", ...

struct FsOpRecord {
  FsOp op = FsOp::Read;
  std::string path;
  std::string data;  // what was written, replaced with or appended; empty otherwise
  int err = 0;       // the errno the operation failed with, 0 when it succeeded
  bool operator==(const FsOpRecord&) const = default;
};

class MemoryHostFs final : public HostFs {
 public:
  MemoryHostFs() = default;
  // Movable, so a helper can build a tree and return it; locks taken on it must be gone.
  MemoryHostFs(MemoryHostFs&& other) noexcept;
  void add_file(std::string path, std::string content, unsigned perms = 0644);
  void add_link(std::string path, std::string target);
  // Reads of `path` fail with `err` (and writes to it, as a file the kernel refuses).
  void add_error(std::string path, int err);
  void set_owner(const std::string& path, uint32_t uid, uint32_t gid);
  // The permission bits mode() reports for an existing file or directory (a directory's are
  // 0755 until set).
  void set_perms(const std::string& path, unsigned perms);

  // Fault injection. The `n`th write from now (1: the next one) fails with `err` and
  // changes nothing. Writes to `path` fail with `err` until cleared.
  void fail_nth_write(int n, int err);
  void fail_writes_to(std::string path, int err);
  void clear_faults();
  // Another process holds the lock on `path`: its file names `pid`, try_lock is refused.
  void hold_lock_elsewhere(std::string path, long pid);

  // The operations so far, in order; writes() only those that change the tree.
  std::vector<FsOpRecord> ops() const;
  std::vector<FsOpRecord> writes() const;
  void clear_ops();

  Result<std::string> read_file(std::string_view path) const override;
  Result<std::vector<DirEntry>> list_dir(std::string_view path) const override;
  Result<std::string> read_link(std::string_view path) const override;
  bool exists(std::string_view path) const override;
  Result<FileMode> mode(std::string_view path, FollowLinks follow = FollowLinks::No) const override;
  Result<void> write_file(std::string_view path, std::string_view data) override;
  Result<void> replace_file(std::string_view path, std::string_view data, unsigned mode) override;
  Result<void> append_file(std::string_view path, std::string_view record, unsigned mode) override;
  Result<void> remove(std::string_view path, RemoveKind kind = RemoveKind::FileOnly) override;
  Result<void> make_dirs(std::string_view path, unsigned mode) override;
  Result<void> make_link(std::string_view path, std::string_view target) override;
  Result<LockAttempt> try_lock(std::string_view path, unsigned mode) override;
  std::string describe(std::string_view path) const override { return "mem:" + std::string(path); }

  // Not synchronised: for single-threaded test assertions.
  const std::map<std::string, std::string, std::less<>>& files() const { return files_; }

 private:
  class Lock;
  void add_parents(const std::string& path);
  void log(FsOp op, std::string_view path, std::string_view data, int err) const;
  // The error a write to `path` must fail with (counting it), or 0; logs a failure.
  int fault_for(FsOp op, std::string_view path, std::string_view data);
  bool has_children(std::string_view dir) const;
  std::string follow(std::string_view path) const;
  void release(const std::string& path);

  mutable std::mutex mutex_;
  std::map<std::string, std::string, std::less<>> files_;
  std::map<std::string, std::string, std::less<>> links_;
  std::map<std::string, int, std::less<>> errors_;
  std::map<std::string, bool, std::less<>> dirs_;
  std::map<std::string, FileMode, std::less<>> modes_;  // files and dirs with a non-default mode
  mutable std::vector<FsOpRecord> ops_;
  long writes_seen_ = 0, fail_at_write_ = 0;
  int fail_at_err_ = 0;
  std::map<std::string, int, std::less<>> failing_paths_;
  std::set<std::string, std::less<>> locked_;
};

}  // namespace vtune
