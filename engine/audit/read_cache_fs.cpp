#include "engine/audit/read_cache_fs.h"

namespace vtune {

Result<std::string> ReadCacheFs::read_file(std::string_view path) const {
  return cached(files_, path, [&] { return inner_->read_file(path); });
}

Result<std::vector<DirEntry>> ReadCacheFs::list_dir(std::string_view path) const {
  return cached(dirs_, path, [&] { return inner_->list_dir(path); });
}

Result<std::string> ReadCacheFs::read_link(std::string_view path) const {
  return cached(links_, path, [&] { return inner_->read_link(path); });
}

bool ReadCacheFs::exists(std::string_view path) const {
  return cached(exists_, path, [&] { return inner_->exists(path); });
}

Result<FileMode> ReadCacheFs::mode(std::string_view path, FollowLinks follow) const {
  return cached(follow == FollowLinks::Yes ? followed_modes_ : modes_, path,
                [&] { return inner_->mode(path, follow); });
}

Result<void> ReadCacheFs::refuse(std::string_view what, std::string_view path) const {
  return errno_error(std::string(what), describe(path), EROFS);
}

Result<void> ReadCacheFs::write_file(std::string_view path, std::string_view) {
  return refuse("write", path);
}
Result<void> ReadCacheFs::replace_file(std::string_view path, std::string_view, unsigned) {
  return refuse("replace", path);
}
Result<void> ReadCacheFs::append_file(std::string_view path, std::string_view, unsigned) {
  return refuse("append", path);
}
Result<void> ReadCacheFs::remove(std::string_view path, RemoveKind) {
  return refuse("remove", path);
}
Result<void> ReadCacheFs::make_dirs(std::string_view path, unsigned) {
  return refuse("mkdir", path);
}
Result<LockAttempt> ReadCacheFs::try_lock(std::string_view path, unsigned) {
  return errno_error("lock", describe(path), EROFS);
}

}  // namespace vtune
