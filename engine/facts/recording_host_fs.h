#pragma once
// RecordingHostFs: a HostFs decorator that remembers everything read through it, so that
// `vtune snapshot` can write a tree on which `vtune facts --root` sees what the live run
// saw. Paths are resolved component by component and every symbolic link met on the way
// is recorded too, so sysfs's layout (class entries linking into /sys/devices) survives.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "engine/core/host_fs.h"

namespace vtune {

class RecordingHostFs final : public HostFs {
 public:
  explicit RecordingHostFs(std::unique_ptr<HostFs> inner) : inner_(std::move(inner)) {}

  Result<std::string> read_file(std::string_view path) const override;
  Result<std::vector<DirEntry>> list_dir(std::string_view path) const override;
  Result<std::string> read_link(std::string_view path) const override;
  bool exists(std::string_view path) const override;
  // Forwarded and recorded like exists(): the snapshot keeps the path, not its mode.
  Result<FileMode> mode(std::string_view path, FollowLinks follow = FollowLinks::No) const override;
  // Writes are refused (EROFS), the new ones as the old: a snapshot never changes the
  // host it captures, and taking a lock would be a write (it creates the lock file).
  Result<void> write_file(std::string_view path, std::string_view data) override;
  Result<void> replace_file(std::string_view path, std::string_view data, unsigned mode) override;
  Result<void> append_file(std::string_view path, std::string_view record, unsigned mode) override;
  Result<void> remove(std::string_view path, RemoveKind kind = RemoveKind::FileOnly) override;
  Result<void> make_dirs(std::string_view path, unsigned mode) override;
  Result<void> make_link(std::string_view path, std::string_view target) override;
  Result<LockAttempt> try_lock(std::string_view path, unsigned mode) override;
  std::string describe(std::string_view path) const override { return inner_->describe(path); }

  // Writes what was recorded under `out` (which must exist). Returns the number of entries.
  Result<size_t> write_tree(HostFs& out) const;

  enum class NodeKind { Dir, EmptyFile, File, Link };
  struct Node {
    NodeKind kind = NodeKind::Dir;
    std::string data;  // file contents or link target
  };
  const std::map<std::string, Node>& nodes() const { return nodes_; }

 private:
  // The path with every symlink resolved (recording each one), or the input on failure.
  std::string resolve(std::string_view path) const;
  void note(const std::string& path, NodeKind kind, std::string data = {}) const;

  std::unique_ptr<HostFs> inner_;
  mutable std::mutex nodes_mutex_;  // probes may read on several threads
  mutable std::map<std::string, Node> nodes_;
};

}  // namespace vtune
