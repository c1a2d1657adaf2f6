#include "engine/facts/recording_host_fs.h"

#include <vector>

#include "engine/core/text.h"

namespace vtune {
namespace {

// Lexically normalises an absolute path: removes ".", "..", and repeated slashes.
std::string normalize(std::string_view path) {
  std::vector<std::string_view> parts;
  for (std::string_view c : split(path, '/')) {
    if (c.empty() || c == ".") continue;
    if (c == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(c);
  }
  std::string out;
  for (std::string_view c : parts) out += "/" + std::string(c);
  return out.empty() ? "/" : out;
}

std::string parent_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

constexpr int kMaxLinkHops = 40;  // as the kernel's MAXSYMLINKS

}  // namespace

void RecordingHostFs::note(const std::string& path, NodeKind kind, std::string data) const {
  std::lock_guard lock(nodes_mutex_);
  auto it = nodes_.find(path);
  if (it == nodes_.end()) {
    nodes_.emplace(path, Node{kind, std::move(data)});
    return;
  }
  // A real file's contents beat an empty placeholder for it; nothing else is overwritten.
  if (it->second.kind == NodeKind::EmptyFile && kind == NodeKind::File)
    it->second = Node{kind, std::move(data)};
}

std::string RecordingHostFs::resolve(std::string_view path) const {
  std::string pending = normalize(path);
  std::string done;  // the resolved prefix, always free of links
  int hops = 0;
  while (true) {
    size_t start = pending.find_first_not_of('/');
    if (start == std::string::npos) break;
    size_t end = pending.find('/', start);
    std::string comp = pending.substr(start, end - start);
    std::string rest = end == std::string::npos ? "" : pending.substr(end);
    std::string candidate = done + "/" + comp;
    Result<std::string> target = inner_->read_link(candidate);
    if (target && ++hops <= kMaxLinkHops) {
      note(candidate, NodeKind::Link, *target);
      std::string base = target->front() == '/' ? "" : done;
      pending = normalize(base + "/" + *target) + rest;
      done.clear();
      continue;
    }
    done = candidate;
    pending = rest;
  }
  return done.empty() ? "/" : done;
}

Result<std::string> RecordingHostFs::read_file(std::string_view path) const {
  Result<std::string> r = inner_->read_file(path);
  if (r) note(resolve(path), NodeKind::File, *r);
  return r;
}

Result<std::vector<DirEntry>> RecordingHostFs::list_dir(std::string_view path) const {
  Result<std::vector<DirEntry>> r = inner_->list_dir(path);
  if (!r) return r;
  std::string dir = resolve(path);
  note(dir, NodeKind::Dir);
  for (const DirEntry& e : *r) {
    std::string child = dir == "/" ? "/" + e.name : dir + "/" + e.name;
    if (e.kind == EntryKind::Link) {
      if (Result<std::string> t = inner_->read_link(child)) note(child, NodeKind::Link, *t);
    } else if (e.kind == EntryKind::Dir) {
      note(child, NodeKind::Dir);
    } else if (e.kind == EntryKind::File) {
      note(child, NodeKind::EmptyFile);
    }
  }
  return r;
}

Result<std::string> RecordingHostFs::read_link(std::string_view path) const {
  Result<std::string> r = inner_->read_link(path);
  if (r) {
    std::string p = normalize(path);
    std::string dir = resolve(parent_of(p));
    note((dir == "/" ? "" : dir) + p.substr(p.rfind('/')), NodeKind::Link, *r);
  }
  return r;
}

bool RecordingHostFs::exists(std::string_view path) const {
  if (!inner_->exists(path)) return false;
  std::string real = resolve(path);
  note(real, inner_->list_dir(path).ok() ? NodeKind::Dir : NodeKind::EmptyFile);
  return true;
}

Result<FileMode> RecordingHostFs::mode(std::string_view path, FollowLinks follow) const {
  Result<FileMode> r = inner_->mode(path, follow);
  if (!r) return r;
  std::string real = resolve(path);  // records the links on the way, a last one included
  if (r->kind != EntryKind::Link)
    note(real, r->kind == EntryKind::Dir ? NodeKind::Dir : NodeKind::EmptyFile);
  return r;
}

Result<void> RecordingHostFs::write_file(std::string_view path, std::string_view) {
  return errno_error("write", describe(path), EROFS);
}
Result<void> RecordingHostFs::replace_file(std::string_view path, std::string_view, unsigned) {
  return errno_error("replace", describe(path), EROFS);
}
Result<void> RecordingHostFs::append_file(std::string_view path, std::string_view, unsigned) {
  return errno_error("append", describe(path), EROFS);
}
Result<void> RecordingHostFs::remove(std::string_view path, RemoveKind) {
  return errno_error("remove", describe(path), EROFS);
}
Result<void> RecordingHostFs::make_dirs(std::string_view path, unsigned) {
  return errno_error("mkdir", describe(path), EROFS);
}
Result<void> RecordingHostFs::make_link(std::string_view path, std::string_view) {
  return errno_error("symlink", describe(path), EROFS);
}
Result<LockAttempt> RecordingHostFs::try_lock(std::string_view path, unsigned) {
  return errno_error("flock", describe(path), EROFS);
}

Result<size_t> RecordingHostFs::write_tree(HostFs& out) const {
  size_t written = 0;
  // Directories first (a std::map visits parents before children), then files and links.
  // A directory nothing was recorded in gets the marker file, so the tree survives git.
  for (const auto& [path, node] : nodes_) {
    if (node.kind != NodeKind::Dir) continue;
    if (Result<void> r = out.make_dirs(path, 0755); !r) return r.error();
    ++written;
    const std::string prefix = path == "/" ? path : path + "/";
    auto child = nodes_.lower_bound(prefix);
    if (child == nodes_.end() || !child->first.starts_with(prefix)) {
      if (Result<void> r = out.replace_file(prefix + std::string(kEmptyDirMarker), "", 0644); !r)
        return r.error();
    }
  }
  for (const auto& [path, node] : nodes_) {
    if (node.kind == NodeKind::Dir) continue;
    if (Result<void> r = out.make_dirs(parent_of(path), 0755); !r) return r.error();
    Result<void> r = node.kind == NodeKind::Link ? out.make_link(path, node.data)
                                                 : out.replace_file(path, node.data, 0644);
    if (!r) return r.error();
    ++written;
  }
  return written;
}

}  // namespace vtune
