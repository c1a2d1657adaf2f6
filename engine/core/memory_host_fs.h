#pragma once
// MemoryHostFs: a HostFs held in memory, for tests that need what a fixture tree cannot
// give (a file that fails with EACCES or EIO even for root), and for applier tests.
#include <map>

#include "engine/core/host_fs.h"

namespace vtune {

class MemoryHostFs final : public HostFs {
 public:
  void add_file(std::string path, std::string content);
  void add_link(std::string path, std::string target);
  // Reads of `path` fail with `err`.
  void add_error(std::string path, int err);

  Result<std::string> read_file(std::string_view path) const override;
  Result<std::vector<DirEntry>> list_dir(std::string_view path) const override;
  Result<std::string> read_link(std::string_view path) const override;
  bool exists(std::string_view path) const override;
  Result<void> write_file(std::string_view path, std::string_view data) override;
  Result<void> replace_file(std::string_view path, std::string_view data, unsigned mode) override;
  Result<void> make_dirs(std::string_view path, unsigned mode) override;
  Result<void> make_link(std::string_view path, std::string_view target) override {
    add_link(std::string(path), std::string(target));
    return {};
  }
  std::string describe(std::string_view path) const override { return "mem:" + std::string(path); }

  const std::map<std::string, std::string, std::less<>>& files() const { return files_; }

 private:
  void add_parents(const std::string& path);
  std::map<std::string, std::string, std::less<>> files_;
  std::map<std::string, std::string, std::less<>> links_;
  std::map<std::string, int, std::less<>> errors_;
  std::map<std::string, bool, std::less<>> dirs_;
};

}  // namespace vtune
