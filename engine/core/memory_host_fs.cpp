#include "engine/core/memory_host_fs.h"

namespace vtune {

void MemoryHostFs::add_parents(const std::string& path) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1))
    dirs_[path.substr(0, slash)] = true;
}

void MemoryHostFs::add_file(std::string path, std::string content) {
  add_parents(path);
  files_[std::move(path)] = std::move(content);
}

void MemoryHostFs::add_link(std::string path, std::string target) {
  add_parents(path);
  links_[std::move(path)] = std::move(target);
}

void MemoryHostFs::add_error(std::string path, int err) {
  add_parents(path);
  errors_[std::move(path)] = err;
}

Result<std::string> MemoryHostFs::read_file(std::string_view path) const {
  if (auto e = errors_.find(path); e != errors_.end())
    return errno_error("read", describe(path), e->second);
  if (auto f = files_.find(path); f != files_.end()) return f->second;
  return errno_error("open", describe(path), dirs_.count(path) ? EISDIR : ENOENT);
}

Result<std::vector<DirEntry>> MemoryHostFs::list_dir(std::string_view path) const {
  if (auto e = errors_.find(path); e != errors_.end())  // an unreadable directory
    return errno_error("open", describe(path), e->second);
  if (path != "/" && !dirs_.count(path)) return errno_error("open", describe(path), ENOENT);
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
  if (auto l = links_.find(path); l != links_.end()) return l->second;
  return errno_error("readlink", describe(path), EINVAL);
}

bool MemoryHostFs::exists(std::string_view path) const {
  return files_.count(path) || links_.count(path) || dirs_.count(path) || errors_.count(path);
}

Result<void> MemoryHostFs::write_file(std::string_view path, std::string_view data) {
  if (auto e = errors_.find(path); e != errors_.end())
    return errno_error("write", describe(path), e->second);
  auto f = files_.find(path);
  if (f == files_.end()) return errno_error("open", describe(path), ENOENT);
  f->second = std::string(data);
  return {};
}

Result<void> MemoryHostFs::replace_file(std::string_view path, std::string_view data, unsigned) {
  if (auto e = errors_.find(path); e != errors_.end())
    return errno_error("replace", describe(path), e->second);
  add_file(std::string(path), std::string(data));
  return {};
}

Result<void> MemoryHostFs::make_dirs(std::string_view path, unsigned) {
  add_parents(std::string(path) + "/");
  return {};
}

}  // namespace vtune
