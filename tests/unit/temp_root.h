#pragma once
// A temporary directory tree for tests of DiskHostFs, removed at the end of the test.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace vtune::test {

struct TempRoot {
  std::string dir;
  TempRoot() {
    char tmpl[] = "/tmp/vtune-hostfs-XXXXXX";
    dir = ::mkdtemp(tmpl);
  }
  ~TempRoot() { std::filesystem::remove_all(dir); }
  TempRoot(const TempRoot&) = delete;
  TempRoot& operator=(const TempRoot&) = delete;
  void put(const std::string& rel, const std::string& text) const {
    std::filesystem::create_directories(std::filesystem::path(dir + rel).parent_path());
    std::ofstream(dir + rel) << text;
  }
  void link(const std::string& rel, const std::string& target) const {
    std::filesystem::create_directories(std::filesystem::path(dir + rel).parent_path());
    std::filesystem::create_symlink(target, dir + rel);
  }
  std::string slurp(const std::string& rel) const {
    std::ifstream in(dir + rel);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  bool has(const std::string& rel) const {
    std::error_code ec;
    return std::filesystem::exists(std::filesystem::symlink_status(dir + rel, ec));
  }
};

}  // namespace vtune::test
