#pragma once
// A read-only HostFs over a snapshot that answers each read once: the probes and the appliers'
// read side ask for some files many times per host (the online CPU list, a NIC's ethtool JSON,
// sys/class/net), and a fleet audit reads a thousand snapshots. An audit never writes, so
// every writing member refuses (EROFS) and a cached answer can never go stale.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "engine/core/host_fs.h"

namespace vtune {

class ReadCacheFs final : public HostFs {
 public:
  explicit ReadCacheFs(std::unique_ptr<HostFs> inner) : inner_(std::move(inner)) {}

  Result<std::string> read_file(std::string_view path) const override;
  Result<std::vector<DirEntry>> list_dir(std::string_view path) const override;
  Result<std::string> read_link(std::string_view path) const override;
  bool exists(std::string_view path) const override;
  Result<FileMode> mode(std::string_view path, FollowLinks follow) const override;
  std::string describe(std::string_view path) const override { return inner_->describe(path); }

  Result<void> write_file(std::string_view path, std::string_view) override;
  Result<void> replace_file(std::string_view path, std::string_view, unsigned) override;
  Result<void> append_file(std::string_view path, std::string_view, unsigned) override;
  Result<void> remove(std::string_view path, RemoveKind) override;
  Result<void> make_dirs(std::string_view path, unsigned) override;
  Result<LockAttempt> try_lock(std::string_view path, unsigned) override;

 private:
  // Looks `path` up in `cache`, computing and keeping the answer on a miss. Probes may read
  // on several threads; the lock is not held while the inner filesystem is read.
  template <class T, class Read>
  T cached(std::map<std::string, T, std::less<>>& cache, std::string_view path, Read read) const {
    {
      std::lock_guard lock(mutex_);
      if (auto it = cache.find(path); it != cache.end()) return it->second;
    }
    T value = read();
    std::lock_guard lock(mutex_);
    return cache.try_emplace(std::string(path), std::move(value)).first->second;
  }
  Result<void> refuse(std::string_view what, std::string_view path) const;

  std::unique_ptr<HostFs> inner_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, Result<std::string>, std::less<>> files_, links_;
  mutable std::map<std::string, Result<std::vector<DirEntry>>, std::less<>> dirs_;
  mutable std::map<std::string, bool, std::less<>> exists_;
  mutable std::map<std::string, Result<FileMode>, std::less<>> modes_, followed_modes_;
};

}  // namespace vtune
