#pragma once
// HostFs: the one door to /proc, /sys, /etc and /var/lib/vtune. Every probe and applier
// reads and writes through it, rooted at a prefix: "/" on the live host, a snapshot or
// fixture tree under --root. Paths given to it are always absolute host paths
// ("/proc/cpuinfo"); the root is applied inside. Modelled on ninja's DiskInterface.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"

namespace vtune {

enum class EntryKind { File, Dir, Link, Other };

struct DirEntry {
  std::string name;
  EntryKind kind = EntryKind::Other;  // as lstat sees it
  bool is_dir = false;                // following a link: sysfs class entries are links to dirs
};

// What `HostFs::mode` reports about a path.
struct FileMode {
  EntryKind kind = EntryKind::Other;
  unsigned perms = 0;  // the permission bits, st_mode & 07777
  uint32_t uid = 0, gid = 0;
  // A rule or profile file that others can rewrite is not to be trusted.
  bool group_or_world_writable() const { return (perms & 022) != 0; }
};

enum class FollowLinks { No, Yes };
enum class RemoveKind { FileOnly, FileOrEmptyDir };

// Held while it lives: the lock is released (and the pid in its file cleared) when it is
// destroyed. It must not outlive the HostFs that made it.
class HostLock {
 public:
  virtual ~HostLock() = default;
};

// The outcome of HostFs::try_lock. Exactly one of: `lock` is set (it is ours), or another
// holder has it and `holder_pid` is the pid its lock file names (nullopt when the file does
// not hold one yet: the holder writes it just after locking).
struct LockAttempt {
  std::unique_ptr<HostLock> lock;
  std::optional<long> holder_pid;
  bool acquired() const { return lock != nullptr; }
};

// The const (reading) members may be called from several threads at once: probes read
// many-NIC hosts in parallel. The writing members are called from one thread.
//
// Every path stays inside the root, whatever links the tree holds. The writing operations
// never follow a symbolic link at the last component (they fail with ELOOP, or act on the
// link itself where that is what the operation means: replace_file and remove), and
// refuse a last component of "." or ".." (EINVAL).
class HostFs {
 public:
  virtual ~HostFs() = default;

  // Whole contents of a regular file (procfs and sysfs files included). Refuses FIFOs and
  // devices, and caps the size, so a hostile tree cannot hang or exhaust a probe.
  virtual Result<std::string> read_file(std::string_view path) const = 0;
  // Entries of a directory, sorted by name, without "." and "..".
  virtual Result<std::vector<DirEntry>> list_dir(std::string_view path) const = 0;
  // The target of a symbolic link, as stored.
  virtual Result<std::string> read_link(std::string_view path) const = 0;
  virtual bool exists(std::string_view path) const = 0;
  // The kind, permission bits and owner of `path`: of a link itself unless told to follow.
  virtual Result<FileMode> mode(std::string_view path,
                                FollowLinks follow = FollowLinks::No) const = 0;

  // Writes to an existing regular file (a sysctl or sysfs attribute); never creates one.
  // The file is truncated first, so "1" over "4096\n" leaves "1" in a plain file (procfs
  // and sysfs ignore the truncation); the value goes in one write(2), because the kernel
  // parses each write of a sysctl or attribute on its own. A short write is EIO.
  virtual Result<void> write_file(std::string_view path, std::string_view data) = 0;
  // Creates or atomically replaces a regular file: readers see the old content or the new,
  // never a part. A temporary file in the same directory (O_EXCL|O_NOFOLLOW) is written,
  // given `mode` (not the umask's), fsynced and renamed over `path` (a link there is
  // replaced, never written through); then the directory is fsynced and its result checked.
  // On any failure before the rename `path` is untouched and the temporary file is gone.
  virtual Result<void> replace_file(std::string_view path, std::string_view data,
                                    unsigned mode) = 0;
  // Appends one whole record to `path` (created with `mode` if missing) and fdatasyncs it;
  // a new file's directory is fsynced too. Returns only once the record is durable: the
  // journal depends on it.
  virtual Result<void> append_file(std::string_view path, std::string_view record,
                                   unsigned mode) = 0;
  // Removes a file or a link (never what it points to). A directory is refused (EISDIR)
  // unless `kind` allows an empty one. The directory is fsynced afterwards.
  virtual Result<void> remove(std::string_view path, RemoveKind kind = RemoveKind::FileOnly) = 0;
  virtual Result<void> make_dirs(std::string_view path, unsigned mode) = 0;
  // An exclusive advisory lock (flock) on `path`, created with `mode` if missing, without
  // waiting. On success the lock file holds our pid ("1234\n").
  virtual Result<LockAttempt> try_lock(std::string_view path, unsigned mode) = 0;
  // Creates a symbolic link (snapshots use it); backends without links refuse.
  virtual Result<void> make_link(std::string_view path, std::string_view target) {
    return errno_error("symlink", describe(path), EOPNOTSUPP);
  }
  // Where `path` really is, for messages: "/proc/cpuinfo" or "fixtures/x/proc/cpuinfo".
  virtual std::string describe(std::string_view path) const = 0;
};

// A snapshot keeps an empty directory (an unloaded module's /sys/module/X, a queue without
// files) by putting this file in it, because git does not track empty directories. Under
// --root, list_dir does not show it.
inline constexpr std::string_view kEmptyDirMarker = ".vtune-keep";

// Files no larger than this are read whole; larger ones fail with EFBIG.
inline constexpr size_t kMaxHostFileBytes = 16u << 20;

// The pid a lock file holds ("1234\n"), or nullopt for anything else (empty, garbage).
std::optional<long> parse_lock_pid(std::string_view text);

// The real filesystem under `root`. Symbolic links resolve inside the root (openat2 with
// RESOLVE_IN_ROOT), so a snapshot's absolute links cannot reach the live host.
std::unique_ptr<HostFs> make_disk_host_fs(std::string root);

}  // namespace vtune
