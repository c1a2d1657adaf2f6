#include "engine/core/memory_host_fs.h"

#include <unistd.h>

namespace vtune {

bool is_write(FsOp op) {
  switch (op) {
    case FsOp::Write:
    case FsOp::Replace:
    case FsOp::Append:
    case FsOp::Remove:
    case FsOp::MakeDirs:
    case FsOp::MakeLink:
      return true;
    default:
      return false;
  }
}

const char* fs_op_name(FsOp op) {
  switch (op) {
    case FsOp::Read:
      return "read";
    case FsOp::List:
      return "list";
    case FsOp::ReadLink:
      return "readlink";
    case FsOp::Exists:
      return "exists";
    case FsOp::Mode:
      return "mode";
    case FsOp::Write:
      return "write";
    case FsOp::Replace:
      return "replace";
    case FsOp::Append:
      return "append";
    case FsOp::Remove:
      return "remove";
    case FsOp::MakeDirs:
      return "mkdir";
    case FsOp::MakeLink:
      return "symlink";
    case FsOp::Lock:
      return "lock";
    case FsOp::Unlock:
      return "unlock";
  }
  return "?";
}

// Released by destruction, like the flock it stands for.
class MemoryHostFs::Lock final : public HostLock {
 public:
  Lock(MemoryHostFs& fs, std::string path) : fs_(fs), path_(std::move(path)) {}
  ~Lock() override { fs_.release(path_); }

 private:
  MemoryHostFs& fs_;
  std::string path_;
};

namespace {

constexpr unsigned kDefaultFilePerms = 0644, kDirPerms = 0755, kLinkPerms = 0777;
constexpr int kMaxLinkHops = 40;

std::string parent_of(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == 0 || slash == std::string_view::npos ? "/" : std::string(path.substr(0, slash));
}

bool bad_last_component(std::string_view path) {
  std::string_view name = path.substr(path.rfind('/') + 1);
  return name.empty() || name == "." || name == "..";
}

}  // namespace

MemoryHostFs::MemoryHostFs(MemoryHostFs&& other) noexcept {
  std::lock_guard lock(other.mutex_);
  files_ = std::move(other.files_);
  links_ = std::move(other.links_);
  errors_ = std::move(other.errors_);
  dirs_ = std::move(other.dirs_);
  modes_ = std::move(other.modes_);
  ops_ = std::move(other.ops_);
  writes_seen_ = other.writes_seen_;
  fail_at_write_ = other.fail_at_write_;
  fail_at_err_ = other.fail_at_err_;
  failing_paths_ = std::move(other.failing_paths_);
  locked_ = std::move(other.locked_);
}

void MemoryHostFs::add_parents(const std::string& path) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1))
    dirs_[path.substr(0, slash)] = true;
}

void MemoryHostFs::add_file(std::string path, std::string content, unsigned perms) {
  std::lock_guard lock(mutex_);
  add_parents(path);
  modes_[path] = FileMode{EntryKind::File, perms, 0, 0};
  files_[std::move(path)] = std::move(content);
}

void MemoryHostFs::add_link(std::string path, std::string target) {
  std::lock_guard lock(mutex_);
  add_parents(path);
  links_[std::move(path)] = std::move(target);
}

void MemoryHostFs::add_error(std::string path, int err) {
  std::lock_guard lock(mutex_);
  add_parents(path);
  errors_[std::move(path)] = err;
}

void MemoryHostFs::set_owner(const std::string& path, uint32_t uid, uint32_t gid) {
  std::lock_guard lock(mutex_);
  FileMode& m = modes_[path];
  m.uid = uid;
  m.gid = gid;
}

void MemoryHostFs::set_perms(const std::string& path, unsigned perms) {
  std::lock_guard lock(mutex_);
  FileMode& m = modes_[path];
  m.kind = files_.count(path) || errors_.count(path) ? EntryKind::File : EntryKind::Dir;
  m.perms = perms & 07777;
}

void MemoryHostFs::fail_nth_write(int n, int err) {
  std::lock_guard lock(mutex_);
  fail_at_write_ = writes_seen_ + n;
  fail_at_err_ = err;
}

void MemoryHostFs::fail_writes_to(std::string path, int err) {
  std::lock_guard lock(mutex_);
  failing_paths_[std::move(path)] = err;
}

void MemoryHostFs::clear_faults() {
  std::lock_guard lock(mutex_);
  fail_at_write_ = 0;
  failing_paths_.clear();
}

void MemoryHostFs::hold_lock_elsewhere(std::string path, long pid) {
  std::lock_guard lock(mutex_);
  add_parents(path);
  files_[path] = std::to_string(pid) + "\n";
  locked_.insert(std::move(path));
}

std::vector<FsOpRecord> MemoryHostFs::ops() const {
  std::lock_guard lock(mutex_);
  return ops_;
}

std::vector<FsOpRecord> MemoryHostFs::writes() const {
  std::lock_guard lock(mutex_);
  std::vector<FsOpRecord> out;
  for (const FsOpRecord& r : ops_)
    if (is_write(r.op)) out.push_back(r);
  return out;
}

void MemoryHostFs::clear_ops() {
  std::lock_guard lock(mutex_);
  ops_.clear();
}

void MemoryHostFs::log(FsOp op, std::string_view path, std::string_view data, int err) const {
  ops_.push_back(FsOpRecord{op, std::string(path), std::string(data), err});
}

int MemoryHostFs::fault_for(FsOp op, std::string_view path, std::string_view data) {
  int err = 0;
  if (is_write(op) && ++writes_seen_ == fail_at_write_) err = fail_at_err_;
  if (auto f = failing_paths_.find(path); err == 0 && f != failing_paths_.end()) err = f->second;
  if (err != 0) log(op, path, data, err);
  return err;
}

bool MemoryHostFs::has_children(std::string_view dir) const {
  std::string prefix = std::string(dir) + "/";
  auto under = [&](const auto& map) {
    auto it = map.lower_bound(prefix);
    return it != map.end() && it->first.compare(0, prefix.size(), prefix) == 0;
  };
  return under(files_) || under(links_) || under(errors_) || under(dirs_);
}

// `path` with links at its last component followed (absolute targets, or relative to the
// link's directory), as far as the tree has them.
std::string MemoryHostFs::follow(std::string_view path) const {
  std::string p(path);
  for (int hop = 0; hop < kMaxLinkHops; ++hop) {
    auto l = links_.find(p);
    if (l == links_.end()) break;
    p = l->second.starts_with('/') ? l->second : parent_of(p) + "/" + l->second;
  }
  return p;
}

void MemoryHostFs::release(const std::string& path) {
  std::lock_guard lock(mutex_);
  if (auto f = files_.find(path); f != files_.end()) f->second.clear();
  locked_.erase(path);
  log(FsOp::Unlock, path, "", 0);
}

Result<std::string> MemoryHostFs::read_file(std::string_view path) const {
  std::lock_guard lock(mutex_);
  auto fail = [&](const char* what, int err) {
    log(FsOp::Read, path, "", err);
    return errno_error(what, describe(path), err);
  };
  if (auto e = errors_.find(path); e != errors_.end()) return fail("read", e->second);
  if (auto f = files_.find(path); f != files_.end()) {
    log(FsOp::Read, path, "", 0);
    return f->second;
  }
  return fail("open", dirs_.count(path) ? EISDIR : ENOENT);
}

Result<std::vector<DirEntry>> MemoryHostFs::list_dir(std::string_view path) const {
  std::lock_guard lock(mutex_);
  if (auto e = errors_.find(path); e != errors_.end()) {  // an unreadable directory
    log(FsOp::List, path, "", e->second);
    return errno_error("open", describe(path), e->second);
  }
  if (path != "/" && !dirs_.count(path)) {
    log(FsOp::List, path, "", ENOENT);
    return errno_error("open", describe(path), ENOENT);
  }
  log(FsOp::List, path, "", 0);
  std::string prefix = std::string(path == "/" ? "" : path) + "/";
  std::map<std::string, DirEntry> found;
  auto take = [&](const std::string& full, EntryKind kind) {
    if (full.compare(0, prefix.size(), prefix) != 0) return;
    std::string rest = full.substr(prefix.size());
    if (rest.empty()) return;
    size_t slash = rest.find('/');
    std::string name = rest.substr(0, slash);
    bool deeper = slash != std::string::npos;
    DirEntry e{name, deeper ? EntryKind::Dir : kind, deeper || kind == EntryKind::Dir};
    found.emplace(name, e);
  };
  for (const auto& [p, _] : files_) take(p, EntryKind::File);
  for (const auto& [p, _] : errors_) take(p, EntryKind::File);
  for (const auto& [p, _] : links_) take(p, EntryKind::Link);
  for (const auto& [p, _] : dirs_) take(p, EntryKind::Dir);
  std::vector<DirEntry> out;
  for (auto& [_, e] : found) out.push_back(e);
  return out;
}

Result<std::string> MemoryHostFs::read_link(std::string_view path) const {
  std::lock_guard lock(mutex_);
  if (auto l = links_.find(path); l != links_.end()) {
    log(FsOp::ReadLink, path, "", 0);
    return l->second;
  }
  log(FsOp::ReadLink, path, "", EINVAL);
  return errno_error("readlink", describe(path), EINVAL);
}

bool MemoryHostFs::exists(std::string_view path) const {
  std::lock_guard lock(mutex_);
  bool found = files_.count(path) || links_.count(path) || dirs_.count(path) || errors_.count(path);
  log(FsOp::Exists, path, "", found ? 0 : ENOENT);
  return found;
}

Result<FileMode> MemoryHostFs::mode(std::string_view path, FollowLinks how) const {
  std::lock_guard lock(mutex_);
  std::string p = how == FollowLinks::Yes ? follow(path) : std::string(path);
  log(FsOp::Mode, path, "", 0);
  auto owned = [&](EntryKind kind, unsigned perms) {
    FileMode m{kind, perms, 0, 0};
    if (auto it = modes_.find(p); it != modes_.end()) {
      m.uid = it->second.uid;
      m.gid = it->second.gid;
      if (kind != EntryKind::Link && it->second.kind == kind) m.perms = it->second.perms;
    }
    return m;
  };
  if (links_.count(p)) return owned(EntryKind::Link, kLinkPerms);
  if (files_.count(p) || errors_.count(p)) return owned(EntryKind::File, kDefaultFilePerms);
  if (p == "/" || dirs_.count(p)) return owned(EntryKind::Dir, kDirPerms);
  ops_.back().err = ENOENT;
  return errno_error("stat", describe(path), ENOENT);
}

Result<void> MemoryHostFs::write_file(std::string_view path, std::string_view data) {
  std::lock_guard lock(mutex_);
  if (int err = fault_for(FsOp::Write, path, data))
    return errno_error("write", describe(path), err);
  int err = 0;
  auto f = files_.find(path);
  if (auto e = errors_.find(path); e != errors_.end())
    err = e->second;
  else if (links_.count(path))
    err = ELOOP;  // O_NOFOLLOW
  else if (f == files_.end())
    err = dirs_.count(path) ? EISDIR : ENOENT;
  log(FsOp::Write, path, data, err);
  if (err != 0) return errno_error(err == ENOENT ? "open" : "write", describe(path), err);
  f->second = std::string(data);  // truncated, as O_TRUNC does
  return {};
}

Result<void> MemoryHostFs::replace_file(std::string_view path, std::string_view data,
                                        unsigned perms) {
  std::lock_guard lock(mutex_);
  if (int err = fault_for(FsOp::Replace, path, data))
    return errno_error("replace", describe(path), err);
  int err = 0;
  if (auto e = errors_.find(path); e != errors_.end())
    err = e->second;
  else if (bad_last_component(path))
    err = EINVAL;
  else if (dirs_.count(path))
    err = EISDIR;
  else if (parent_of(path) != "/" && !dirs_.count(parent_of(path)))
    err = ENOENT;
  log(FsOp::Replace, path, data, err);
  if (err != 0) return errno_error("replace", describe(path), err);
  links_.erase(std::string(path));  // rename(2) replaces a link; it does not write through it
  files_[std::string(path)] = std::string(data);
  modes_[std::string(path)] = FileMode{EntryKind::File, perms & 07777, 0, 0};
  return {};
}

Result<void> MemoryHostFs::append_file(std::string_view path, std::string_view record,
                                       unsigned perms) {
  std::lock_guard lock(mutex_);
  if (int err = fault_for(FsOp::Append, path, record))
    return errno_error("append", describe(path), err);
  int err = 0;
  if (auto e = errors_.find(path); e != errors_.end())
    err = e->second;
  else if (bad_last_component(path))
    err = EINVAL;
  else if (links_.count(path))
    err = ELOOP;
  else if (dirs_.count(path))
    err = EINVAL;  // not a regular file
  else if (parent_of(path) != "/" && !dirs_.count(parent_of(path)))
    err = ENOENT;
  log(FsOp::Append, path, record, err);
  if (err != 0) return errno_error("append", describe(path), err);
  auto [f, created] = files_.try_emplace(std::string(path));
  if (created) modes_[std::string(path)] = FileMode{EntryKind::File, perms & 07777, 0, 0};
  f->second.append(record);
  return {};
}

Result<void> MemoryHostFs::remove(std::string_view path, RemoveKind kind) {
  std::lock_guard lock(mutex_);
  if (int err = fault_for(FsOp::Remove, path, ""))
    return errno_error("remove", describe(path), err);
  int err = 0;
  if (bad_last_component(path)) {
    err = EINVAL;
  } else if (files_.count(path) || links_.count(path) || errors_.count(path)) {
    files_.erase(std::string(path));
    links_.erase(std::string(path));
    errors_.erase(std::string(path));
    modes_.erase(std::string(path));
  } else if (dirs_.count(path)) {
    if (kind != RemoveKind::FileOrEmptyDir)
      err = EISDIR;
    else if (has_children(path))
      err = ENOTEMPTY;
    else
      dirs_.erase(std::string(path));
  } else {
    err = ENOENT;
  }
  log(FsOp::Remove, path, "", err);
  if (err != 0) return errno_error("remove", describe(path), err);
  return {};
}

Result<void> MemoryHostFs::make_dirs(std::string_view path, unsigned) {
  std::lock_guard lock(mutex_);
  if (int err = fault_for(FsOp::MakeDirs, path, ""))
    return errno_error("mkdir", describe(path), err);
  std::string full = std::string(path) + "/";
  for (size_t slash = full.find('/', 1); slash != std::string::npos;
       slash = full.find('/', slash + 1)) {
    std::string dir = full.substr(0, slash);
    if (files_.count(dir) || errors_.count(dir)) {
      log(FsOp::MakeDirs, path, "", ENOTDIR);
      return errno_error("mkdir", describe(path), ENOTDIR);
    }
  }
  add_parents(full);
  log(FsOp::MakeDirs, path, "", 0);
  return {};
}

Result<void> MemoryHostFs::make_link(std::string_view path, std::string_view target) {
  std::lock_guard lock(mutex_);
  if (int err = fault_for(FsOp::MakeLink, path, target))
    return errno_error("symlink", describe(path), err);
  if (files_.count(path) || links_.count(path) || dirs_.count(path)) {
    log(FsOp::MakeLink, path, target, EEXIST);
    return errno_error("symlink", describe(path), EEXIST);
  }
  log(FsOp::MakeLink, path, target, 0);
  add_parents(std::string(path));
  links_[std::string(path)] = std::string(target);
  return {};
}

Result<LockAttempt> MemoryHostFs::try_lock(std::string_view path, unsigned perms) {
  std::lock_guard lock(mutex_);
  if (int err = fault_for(FsOp::Lock, path, "")) return errno_error("flock", describe(path), err);
  if (locked_.count(path)) {
    log(FsOp::Lock, path, "", EWOULDBLOCK);
    auto f = files_.find(path);
    return LockAttempt{nullptr, f == files_.end() ? std::nullopt : parse_lock_pid(f->second)};
  }
  if (parent_of(path) != "/" && !dirs_.count(parent_of(path))) {
    log(FsOp::Lock, path, "", ENOENT);
    return errno_error("open", describe(path), ENOENT);
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  log(FsOp::Lock, path, pid, 0);
  auto [f, created] = files_.try_emplace(std::string(path));
  if (created) modes_[std::string(path)] = FileMode{EntryKind::File, perms & 07777, 0, 0};
  f->second = pid;
  locked_.insert(std::string(path));
  return LockAttempt{std::make_unique<Lock>(*this, std::string(path)), std::nullopt};
}

}  // namespace vtune
