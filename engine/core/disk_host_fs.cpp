#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <vector>

#include "engine/core/host_fs.h"

namespace vtune {
namespace {

constexpr int kOpenat2Retries = 64;

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    reset(std::exchange(other.fd_, -1));
    return *this;
  }
  ~Fd() { reset(); }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

std::string relative(std::string_view path) {
  size_t start = path.find_first_not_of('/');
  return start == std::string_view::npos ? std::string(".") : std::string(path.substr(start));
}

std::pair<std::string, std::string> split_parent(std::string_view path) {
  std::string rel = relative(path);
  size_t slash = rel.rfind('/');
  if (slash == std::string::npos) return {".", rel};
  return {rel.substr(0, slash), rel.substr(slash + 1)};
}

std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view comp = path.substr(pos, slash - pos);
    if (!comp.empty() && comp != ".") out.push_back(comp);
    pos = slash + 1;
  }
  return out;
}

EntryKind kind_of(mode_t mode) {
  return S_ISLNK(mode)   ? EntryKind::Link
         : S_ISDIR(mode) ? EntryKind::Dir
         : S_ISREG(mode) ? EntryKind::File
                         : EntryKind::Other;
}

Result<void> write_all(int fd, std::string_view data, const std::string& where) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno_error("write", where);
    if (n == 0) return errno_error("write", where, EIO);
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

constexpr int kTempNameAttempts = 100;

// ".NAME.vtune-XXXXXX" next to NAME: hidden, recognisable, and short enough for NAME_MAX.
std::string temp_name(const std::string& name) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937 gen{std::random_device{}()};
  std::uniform_int_distribution<size_t> pick(0, sizeof kChars - 2);
  std::string out = "." + name.substr(0, 200) + ".vtune-";
  for (int i = 0; i < 6; ++i) out += kChars[pick(gen)];
  return out;
}

// An flock held on an open lock file. Releasing clears the pid first, so a later reader
// never sees the pid of a holder that has let go.
class DiskLock final : public HostLock {
 public:
  explicit DiskLock(Fd fd) : fd_(std::move(fd)) {}
  ~DiskLock() override {
    if (::ftruncate(fd_.get(), 0) != 0) {
      // Best effort: the flock is what excludes; a stale pid only misnames a past holder.
    }
    ::flock(fd_.get(), LOCK_UN);
  }

 private:
  Fd fd_;
};

class DiskHostFs final : public HostFs {
 public:
  explicit DiskHostFs(std::string root) : root_(std::move(root)) {
    root_fd_.reset(::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  }

  Result<std::string> read_file(std::string_view path) const override {
    Result<Fd> fd = open_for_read(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (!fd) return fd.error();
    struct stat st {};
    if (::fstat(fd->get(), &st) != 0) return errno_error("stat", describe(path));
    if (!S_ISREG(st.st_mode)) return not_regular(path, st.st_mode);
    std::string out;
    char buf[8192];
    for (;;) {
      ssize_t n = ::read(fd->get(), buf, sizeof buf);
      if (n < 0) {
        if (errno == EINTR) continue;
        return errno_error("read", describe(path));
      }
      if (n == 0) break;
      out.append(buf, static_cast<size_t>(n));
      if (out.size() > kMaxHostFileBytes)
        return errno_error("read",
                           describe(path) + " (larger than the " +
                               std::to_string(kMaxHostFileBytes >> 20) + " MiB limit)",
                           EFBIG);
      // A file on a real filesystem (a snapshot) that has given all st_size bytes in a short
      // read is at its end: skip the read that would return 0. Pseudo-files (procfs says 0,
      // sysfs 4096 whatever their length) never match and are read until 0.
      if (static_cast<size_t>(n) < sizeof buf && st.st_size > 0 &&
          out.size() == static_cast<size_t>(st.st_size))
        break;
    }
    return out;
  }

  Result<std::vector<DirEntry>> list_dir(std::string_view path) const override {
    Result<Fd> fd = open_for_read(path, O_RDONLY | O_DIRECTORY);
    if (!fd) return fd.error();
    Fd kept(::fcntl(fd->get(), F_DUPFD_CLOEXEC, 0));
    DIR* dir = ::fdopendir(fd->get());
    if (dir == nullptr) return errno_error("opendir", describe(path));
    fd->release();
    std::vector<DirEntry> entries;
    while (dirent* d = ::readdir(dir)) {
      std::string_view name = d->d_name;
      if (name == "." || name == "..") continue;
      if (root_ != "/" && name == kEmptyDirMarker) continue;
      DirEntry e{std::string(name), EntryKind::Other, false};
      struct stat st {};
      // getdents already says what each entry is on procfs, sysfs and ext4 (sysfs queue
      // directories hold hundreds of entries); lstat only where it does not.
      if (d->d_type == DT_REG || d->d_type == DT_DIR) {
        e.kind = d->d_type == DT_DIR ? EntryKind::Dir : EntryKind::File;
        e.is_dir = d->d_type == DT_DIR;
      } else if (d->d_type != DT_UNKNOWN && d->d_type != DT_LNK) {
        e.kind = EntryKind::Other;
      } else if (::fstatat(::dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        e.kind = kind_of(st.st_mode);
        e.is_dir = S_ISDIR(st.st_mode);
        if (e.kind == EntryKind::Link) {
          // Resolve inside the root, not against the live host.
          std::string child = std::string(path) + "/" + e.name;
          e.is_dir = open_in_root(child, O_PATH | O_DIRECTORY).ok();
        }
      }
      entries.push_back(std::move(e));
    }
    ::closedir(dir);
    // Link farms (/sys/class/net, /sys/bus/pci/devices) lead out of themselves: reads below
    // them would only fall back, so only directories of real entries are kept open.
    bool has_links = std::any_of(entries.begin(), entries.end(),
                                 [](const DirEntry& e) { return e.kind == EntryKind::Link; });
    if (!has_links && kept.get() >= 0) remember_dir(path, std::move(kept));
    std::sort(entries.begin(), entries.end(),
              [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
    return entries;
  }

  Result<std::string> read_link(std::string_view path) const override {
    auto [parent, base] = split_parent(path);
    Result<Fd> dir = open_in_root("/" + parent, O_PATH | O_DIRECTORY);
    if (!dir) return dir.error();
    char buf[4096];
    ssize_t n = ::readlinkat(dir->get(), base.c_str(), buf, sizeof buf);
    if (n < 0) return errno_error("readlink", describe(path));
    return std::string(buf, static_cast<size_t>(n));
  }

  bool exists(std::string_view path) const override { return open_for_read(path, O_PATH).ok(); }

  Result<FileMode> mode(std::string_view path,
                        FollowLinks follow = FollowLinks::No) const override {
    int flags = O_PATH | (follow == FollowLinks::No ? O_NOFOLLOW : 0);
    Result<Fd> fd = open_for_read(path, flags);
    if (!fd) return fd.error();
    struct stat st {};
    if (::fstat(fd->get(), &st) != 0) return errno_error("stat", describe(path));
    return FileMode{kind_of(st.st_mode), static_cast<unsigned>(st.st_mode & 07777), st.st_uid,
                    st.st_gid};
  }

  Result<void> write_file(std::string_view path, std::string_view data) override {
    forget_dirs();
    Result<Fd> fd = open_in_root(path, O_WRONLY | O_TRUNC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW);
    if (!fd) return fd.error();
    struct stat st {};
    if (::fstat(fd->get(), &st) != 0) return errno_error("stat", describe(path));
    if (!S_ISREG(st.st_mode)) return errno_error("write", describe(path), EINVAL);
    ssize_t n;
    do {
      n = ::write(fd->get(), data.data(), data.size());
    } while (n < 0 && errno == EINTR);
    if (n < 0) return errno_error("write", describe(path));
    if (static_cast<size_t>(n) != data.size()) return errno_error("write", describe(path), EIO);
    return {};
  }

  Result<void> replace_file(std::string_view path, std::string_view data, unsigned mode) override {
    forget_dirs();
    Result<Placed> at = place(path, O_RDONLY | O_DIRECTORY);
    if (!at) return at.error();
    const int dir = at->dir.get();
    std::string tmp;
    Fd fd;
    for (int attempt = 0; attempt < kTempNameAttempts && fd.get() < 0; ++attempt) {
      tmp = temp_name(at->name);
      fd.reset(
          ::openat(dir, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
      if (fd.get() < 0 && errno != EEXIST) break;
    }
    if (fd.get() < 0) return errno_error("create a temporary file for", describe(path));
    Result<void> done = write_all(fd.get(), data, describe(path));
    // The mode is set explicitly: the umask must not decide who may read a rule file.
    if (done && ::fchmod(fd.get(), mode & 07777) != 0) done = errno_error("chmod", describe(path));
    if (done && ::fsync(fd.get()) != 0) done = errno_error("fsync", describe(path));
    if (::close(fd.release()) != 0 && done) done = errno_error("close", describe(path));
    if (done && ::renameat(dir, tmp.c_str(), dir, at->name.c_str()) != 0)
      done = errno_error("replace", describe(path));
    if (!done) {
      ::unlinkat(dir, tmp.c_str(), 0);
      return done;
    }
    // Without this a crash can bring the old file back after the rename "succeeded".
    if (::fsync(dir) != 0) return errno_error("fsync the directory of", describe(path));
    return {};
  }

  Result<void> append_file(std::string_view path, std::string_view record, unsigned mode) override {
    forget_dirs();
    Result<Placed> at = place(path, O_RDONLY | O_DIRECTORY);
    if (!at) return at.error();
    bool created = false;
    Result<Fd> fd = open_or_create(*at, O_WRONLY | O_APPEND, mode, path, created);
    if (!fd) return fd.error();
    if (Result<void> w = write_all(fd->get(), record, describe(path)); !w) return w;
    if (::fdatasync(fd->get()) != 0) return errno_error("fdatasync", describe(path));
    if (created && ::fsync(at->dir.get()) != 0)
      return errno_error("fsync the directory of", describe(path));
    return {};
  }

  Result<void> remove(std::string_view path, RemoveKind kind = RemoveKind::FileOnly) override {
    forget_dirs();
    Result<Placed> at = place(path, O_RDONLY | O_DIRECTORY);
    if (!at) return at.error();
    const int dir = at->dir.get();
    if (::unlinkat(dir, at->name.c_str(), 0) != 0) {
      // unlink(2) says EISDIR for a directory on Linux.
      if (errno != EISDIR || kind != RemoveKind::FileOrEmptyDir)
        return errno_error("remove", describe(path));
      if (::unlinkat(dir, at->name.c_str(), AT_REMOVEDIR) != 0)
        return errno_error("remove directory", describe(path));
    }
    if (::fsync(dir) != 0) return errno_error("fsync the directory of", describe(path));
    return {};
  }

  Result<void> make_dirs(std::string_view path, unsigned mode) override {
    forget_dirs();
    // One component at a time, each made below its parent as opened inside the root: a
    // mkdirat() of "etc/vtune" from the root would follow a snapshot's "etc -> /etc".
    std::string so_far;
    for (std::string_view comp : components(path)) {
      Result<Fd> parent = open_in_root("/" + so_far, O_PATH | O_DIRECTORY);
      if (!parent) return parent.error();
      std::string name(comp);
      so_far += (so_far.empty() ? "" : "/") + name;
      if (::mkdirat(parent->get(), name.c_str(), mode) != 0 && errno != EEXIST)
        return errno_error("mkdir", describe("/" + so_far));
    }
    Result<Fd> made = open_in_root("/" + so_far, O_PATH | O_DIRECTORY);
    if (!made) return made.error();
    return {};
  }

  Result<LockAttempt> try_lock(std::string_view path, unsigned mode) override {
    forget_dirs();
    Result<Placed> at = place(path, O_RDONLY | O_DIRECTORY);
    if (!at) return at.error();
    bool created = false;
    Result<Fd> fd = open_or_create(*at, O_RDWR, mode, path, created);
    if (!fd) return fd.error();
    if (::flock(fd->get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK) return errno_error("flock", describe(path));
      char buf[32];
      ssize_t n = ::pread(fd->get(), buf, sizeof buf, 0);
      return LockAttempt{nullptr,
                         n > 0 ? parse_lock_pid({buf, static_cast<size_t>(n)}) : std::nullopt};
    }
    // The pid goes in after the lock is ours, so a reader never takes a loser's pid for
    // the holder's; a holder that died leaves its pid, but also no lock.
    std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd->get(), 0) != 0 ||
        ::pwrite(fd->get(), pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size()))
      return errno_error("write the pid to", describe(path));
    return LockAttempt{std::make_unique<DiskLock>(std::move(*fd)), std::nullopt};
  }

  Result<void> make_link(std::string_view path, std::string_view target) override {
    forget_dirs();
    Result<Placed> at = place(path, O_PATH | O_DIRECTORY);
    if (!at) return at.error();
    if (::symlinkat(std::string(target).c_str(), at->dir.get(), at->name.c_str()) != 0)
      return errno_error("symlink", describe(path));
    return {};
  }

  // "Invalid argument" said nothing: name what the path is instead.
  SysError not_regular(std::string_view path, mode_t mode) const {
    if (S_ISDIR(mode)) return errno_error("read", describe(path), EISDIR);
    const char* what = S_ISFIFO(mode)   ? "a FIFO"
                       : S_ISSOCK(mode) ? "a socket"
                       : S_ISCHR(mode)  ? "a character device"
                       : S_ISBLK(mode)  ? "a block device"
                                        : "a special file";
    return SysError{0, describe(path) + ": not a regular file (" + what + ")", "read"};
  }

  std::string describe(std::string_view path) const override {
    if (root_ == "/") return std::string(path);
    std::string r = root_;
    if (!r.empty() && r.back() == '/') r.pop_back();
    return r + std::string(path);
  }

 private:
  // Directories that were listed stay open (up to kMaxListedDirs), and reads below one of
  // them open the rest of the path beneath it: "rx-5/rps_cpus" under a NIC's queues/
  // directory instead of twelve components and a symlink from the root. That halves the
  // path walking on a host with thousands of queue files. RESOLVE_BENEATH refuses anything
  // that would leave the directory (a ".." or an absolute link), and those fall back to
  // the walk from the root, so the answer is always the one open_in_root would give. Any
  // write forgets them all.
  static constexpr size_t kMaxListedDirs = 256;
  static constexpr size_t kMaxLevelsUp = 3;  // "queues/rx-5/rps_cpus" is two below

  void remember_dir(std::string_view path, Fd fd) const {
    auto held = std::make_shared<Fd>(std::move(fd));
    std::lock_guard lock(dirs_mutex_);
    if (listed_dirs_.size() >= kMaxListedDirs) listed_dirs_.clear();
    listed_dirs_.insert_or_assign(std::string(path), std::move(held));
  }

  void forget_dirs() {
    std::lock_guard lock(dirs_mutex_);
    listed_dirs_.clear();
  }

  // The nearest listed ancestor of `path` and the rest of the path below it.
  std::pair<std::shared_ptr<Fd>, std::string_view> listed_ancestor(std::string_view path) const {
    std::lock_guard lock(dirs_mutex_);
    if (listed_dirs_.empty()) return {};
    size_t end = path.size();
    for (size_t level = 0; level < kMaxLevelsUp; ++level) {
      size_t slash = path.rfind('/', end == 0 ? 0 : end - 1);
      if (slash == std::string_view::npos || slash == 0) break;
      auto it = listed_dirs_.find(path.substr(0, slash));
      if (it != listed_dirs_.end()) return {it->second, path.substr(slash + 1)};
      end = slash;
    }
    return {};
  }

  // The directory a written path lives in, opened inside the root, and its last component.
  struct Placed {
    Fd dir;
    std::string name;
  };
  Result<Placed> place(std::string_view path, int dir_flags) const {
    auto [parent, name] = split_parent(path);
    if (name.empty() || name == "." || name == "..")
      return errno_error("write", describe(path), EINVAL);
    Result<Fd> dir = open_in_root("/" + parent, dir_flags);
    if (!dir) return dir.error();
    return Placed{std::move(*dir), std::move(name)};
  }

  // Opens the regular file `at` names, creating it with exactly `mode` when it is missing.
  Result<Fd> open_or_create(const Placed& at, int flags, unsigned mode, std::string_view path,
                            bool& created) const {
    const int common = flags | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC;
    for (int attempt = 0; attempt < 2; ++attempt) {
      Fd fd(::openat(at.dir.get(), at.name.c_str(), common));
      if (fd.get() < 0 && errno == ENOENT) {
        fd.reset(::openat(at.dir.get(), at.name.c_str(), common | O_CREAT | O_EXCL, 0600));
        if (fd.get() < 0 && errno == EEXIST) continue;  // made by someone else meanwhile
        created = fd.get() >= 0;
        if (created && ::fchmod(fd.get(), mode & 07777) != 0)
          return errno_error("chmod", describe(path));
      }
      if (fd.get() < 0) return errno_error("open", describe(path));
      struct stat st {};
      if (::fstat(fd.get(), &st) != 0) return errno_error("stat", describe(path));
      if (!S_ISREG(st.st_mode)) return errno_error("open", describe(path), EINVAL);
      return fd;
    }
    return errno_error("open", describe(path), EEXIST);
  }

  Result<Fd> open_for_read(std::string_view path, int flags) const {
    auto [dir, rest] = listed_ancestor(path);
    if (dir && !rest.empty()) {
      open_how how{};
      how.flags = static_cast<unsigned long long>(flags | O_CLOEXEC);
      how.resolve = RESOLVE_BENEATH | (root_ == "/" ? 0 : RESOLVE_NO_MAGICLINKS);
      std::string below(rest);
      long fd = ::syscall(SYS_openat2, dir->get(), below.c_str(), &how, sizeof how);
      if (fd >= 0) return Fd(static_cast<int>(fd));
      // Missing below the same directory is missing from the root too; anything else
      // (EXDEV: the path leaves the directory; EAGAIN, ENOSYS) takes the long way.
      if (errno == ENOENT || errno == ENOTDIR) return errno_error("open", describe(path));
    }
    return open_in_root(path, flags);
  }

  Result<Fd> open_in_root(std::string_view path, int flags) const {
    if (root_fd_.get() < 0) return errno_error("open root", root_, ENOENT);
    std::string rel = relative(path);
    open_how how{};
    how.flags = static_cast<unsigned long long>(flags | O_CLOEXEC);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    if (root_ == "/") how.resolve = 0;  // live host: /proc/self and friends must work
    // With RESOLVE_IN_ROOT the kernel answers EAGAIN when a rename or mount anywhere on the
    // system races with resolving a ".." (sysfs links are full of them) and asks the caller
    // to retry; without the retry a busy host makes probes see spurious read failures.
    long fd = -1;
    for (int attempt = 0; attempt < kOpenat2Retries; ++attempt) {
      fd = ::syscall(SYS_openat2, root_fd_.get(), rel.c_str(), &how, sizeof how);
      if (fd >= 0 || errno != EAGAIN) break;
    }
    if (fd < 0 && errno == ENOSYS) fd = ::openat(root_fd_.get(), rel.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return errno_error("open", describe(path));
    return Fd(static_cast<int>(fd));
  }

  std::string root_;
  Fd root_fd_;
  mutable std::mutex dirs_mutex_;
  mutable std::map<std::string, std::shared_ptr<Fd>, std::less<>> listed_dirs_;
};

}  // namespace

std::unique_ptr<HostFs> make_disk_host_fs(std::string root) {
  if (root.empty()) root = "/";
  return std::make_unique<DiskHostFs>(std::move(root));
}

}  // namespace vtune
